package dev.slipway.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.TestApi;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The document at {@code /v3/api-docs}, read as a client generator would: it is valid OpenAPI 3.1,
 * it describes every endpoint the controllers map, and every operation says how to sign in, what
 * it answers and how it fails.
 */
class ApiDescriptionIntegrationTest extends GatewayIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private String json = "";
    private OpenAPI api = new OpenAPI();

    @BeforeEach
    void readTheDocumentWithoutAToken() throws Exception {
        HttpResponse<String> response = new TestApi(port, null).send("GET", "/v3/api-docs", null);
        assertThat(response.statusCode()).isEqualTo(200);
        json = response.body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages())
                .as("what the reference parser finds wrong")
                .isEmpty();
        api = result.getOpenAPI();
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        assertThat(api.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(api.getOpenapi()).startsWith("3.1.");
        assertThat(api.getInfo().getTitle()).isEqualTo("Slipway API");
        assertThat(api.getServers())
                .singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/"));
    }

    @Test
    void everyControllerMappingIsInTheDocument() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (isApi(handler)) {
                mapped.addAll(endpointsOf(info));
            }
        });
        Set<String> documented = new TreeSet<>();
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .keySet()
                        .forEach(method -> documented.add(method.name() + " " + path)));

        assertThat(mapped).as("the controllers map the API").hasSizeGreaterThan(50);
        assertThat(documented).containsAll(mapped);
        assertThat(mapped).containsAll(documented);
    }

    @Test
    void everyOperationNeedsTheBearerTokenAndHasAUniqueId() {
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get(ApiDescriptionConfig.BEARER);
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(api.getSecurity())
                .singleElement()
                .satisfies(requirement -> assertThat(requirement).containsKey(ApiDescriptionConfig.BEARER));
        Set<String> ids = new TreeSet<>();
        forEachOperation((name, operation) -> {
            assertThat(operation.getSecurity())
                    .as(name + " overrides no security")
                    .isNull();
            assertThat(ids.add(operation.getOperationId()))
                    .as(name + " has a unique id")
                    .isTrue();
            assertThat(operation.getOperationId()).as(name).matches("[a-z][A-Za-z]+");
            assertThat(operation.getTags()).as(name).hasSize(1);
            assertThat(operation.getTags().getFirst()).as(name).matches("[a-z]+");
        });
    }

    @Test
    void everyOperationDescribesItsSuccessWithASchema() {
        forEachOperation((name, operation) -> {
            Map<String, ApiResponse> successes = new TreeMap<>();
            operation.getResponses().forEach((code, response) -> {
                if (code.startsWith("2")) {
                    successes.put(code, response);
                }
            });
            assertThat(successes).as(name + " has a 2xx answer").isNotEmpty();
            successes.forEach((code, response) -> {
                if (code.equals("204")) {
                    assertThat(response.getContent())
                            .as(name + " 204 has no body")
                            .isNull();
                    return;
                }
                assertThat(response.getContent())
                        .as(name + " " + code + " has a body")
                        .isNotEmpty();
                response.getContent().forEach((type, media) -> {
                    assertThat(type).as(name + " names its media type").isNotEqualTo("*/*");
                    assertThat(media.getSchema())
                            .as(name + " " + code + " " + type)
                            .isNotNull();
                });
            });
            if (operation.getRequestBody() != null) {
                operation
                        .getRequestBody()
                        .getContent()
                        .forEach((type, media) -> assertThat(media.getSchema())
                                .as(name + " request " + type)
                                .isNotNull());
            }
        });
    }

    @Test
    void everyOperationListsItsErrorsAsProblemDetails() {
        forEachOperation((name, operation) -> {
            assertThat(operation.getResponses().keySet())
                    .as(name + " fails like every API call")
                    .contains("401", "403", "429", "503");
            if (operation.getParameters() != null
                    && operation.getParameters().stream().anyMatch(p -> "path".equals(p.getIn()))) {
                assertThat(operation.getResponses()).as(name).containsKey("404");
            }
            if (operation.getRequestBody() != null) {
                assertThat(operation.getResponses()).as(name).containsKeys("400", "413");
            }
            operation.getResponses().forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    MediaType problem = response.getContent().get(ProblemResponses.MEDIA_TYPE);
                    assertThat(problem)
                            .as(name + " " + code + " is problem+json")
                            .isNotNull();
                    assertThat(problem.getSchema().get$ref()).endsWith("/" + ApiDescriptionConfig.PROBLEM);
                }
            });
        });
        Schema<?> problem = api.getComponents().getSchemas().get(ApiDescriptionConfig.PROBLEM);
        Set<String> problemFields = problem.getProperties().keySet();
        assertThat(problemFields).contains("type", "title", "status", "detail", "errors");
    }

    @Test
    void eventStreamsSayTheyAreServerSentEventsAndHowToResume() {
        Operation logs = api.getPaths().get("/api/v1/jobs/{id}/logs").getGet();
        assertThat(logs.getResponses().get("200").getContent()).containsOnlyKeys("text/event-stream");
        assertThat(logs.getParameters())
                .extracting(p -> p.getIn() + ":" + p.getName())
                .contains("header:Last-Event-ID", "query:after", "path:id")
                .doesNotContain("query:resume");
    }

    @Test
    void anArtifactsPathIsAParameterNotAWildcard() {
        assertThat(api.getPaths()).doesNotContainKey("/api/v1/jobs/{id}/artifacts/**");
        Operation file =
                api.getPaths().get("/api/v1/jobs/{id}/artifacts/{path}").getGet();
        assertThat(file.getParameters())
                .extracting(p -> p.getIn() + ":" + p.getName())
                .contains("path:id", "path:path", "header:Range");
        assertThat(file.getResponses()).containsKeys("200", "206", "416");
    }

    @Test
    void anUploadTakesATarBody() {
        Operation upload = api.getPaths().get("/api/v1/uploads").getPost();
        assertThat(upload.getRequestBody().getContent()).containsKeys("application/x-tar", "application/gzip");
        assertThat(upload.getResponses()).containsKeys("201", "413");
    }

    @Test
    void swaggerUiIsServedWithoutAToken() throws Exception {
        TestApi anonymous = new TestApi(port, null);
        HttpResponse<String> page = anonymous.send("GET", "/swagger-ui/index.html", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(anonymous.send("GET", "/v3/api-docs/swagger-config", null).body())
                .contains("/v3/api-docs");
    }

    private void forEachOperation(BiConsumer<String, Operation> check) {
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap()
                        .forEach((method, operation) -> check.accept(method + " " + path, operation)));
    }

    private static boolean isApi(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        return AnnotatedElementUtils.hasAnnotation(type, RestController.class)
                && !AnnotatedElementUtils.hasAnnotation(type, Hidden.class)
                && !AnnotatedElementUtils.hasAnnotation(handler.getMethod(), Hidden.class);
    }

    private static Set<String> endpointsOf(RequestMappingInfo info) {
        Set<String> endpoints = new TreeSet<>();
        Set<String> patterns = info.getPathPatternsCondition() == null
                ? Set.of()
                : info.getPathPatternsCondition().getPatternValues();
        var methods = info.getMethodsCondition().getMethods();
        for (String pattern : patterns) {
            if (!pattern.startsWith("/api/")) {
                continue;
            }
            for (var method : methods) {
                endpoints.add(method.name().toUpperCase(Locale.ROOT) + " " + WildcardPaths.templateOf(pattern));
            }
        }
        return endpoints;
    }
}

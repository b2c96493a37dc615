package dev.slipway.gateway.openapi;

import dev.slipway.gateway.stream.ResumePoint;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.InputStreamResource;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * What the generated document cannot learn from the controllers: who we are, how a caller signs in
 * (a bearer token on every operation), and the problem+json body every error shares.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfig {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";
    static final String FIELD_PROBLEM = "FieldProblem";

    static {
        // the resume point is read from Last-Event-ID (or ?lastEventId) by an argument resolver:
        // EventStreamOperations documents those instead of an object parameter
        SpringDocUtils.getConfig()
                .addRequestWrapperToIgnore(ResumePoint.class)
                .replaceWithSchema(StreamingResponseBody.class, new BinarySchema())
                .replaceWithSchema(InputStreamResource.class, new BinarySchema());
    }

    @Bean
    OpenAPI slipwayApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Slipway API")
                        .version("v1")
                        .description("Jobs, environments, terminals and the fleet of a Slipway farm. Every operation"
                                + " needs a bearer token (an API token, or a JWT of the configured identity"
                                + " provider); errors are RFC 9457 problem details."))
                // relative, so the document is right behind any proxy or load balancer
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token (POST /api/v1/users/{name}/tokens) or an"
                                                + " identity provider's JWT, as Authorization: Bearer <token>."))
                        .addSchemas(FIELD_PROBLEM, fieldProblem())
                        .addSchemas(PROBLEM, problem()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    private static Schema<?> fieldProblem() {
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription("One thing wrong with a request.");
        schema.addProperty("field", new StringSchema().description("dotted path, as the client wrote it"));
        schema.addProperty("reason", new StringSchema());
        schema.setRequired(List.of("field", "reason"));
        return schema;
    }

    private static Schema<?> problem() {
        ObjectSchema schema = new ObjectSchema();
        schema.setDescription("An RFC 9457 problem detail.");
        schema.addProperty("type", new StringSchema().format("uri-reference"));
        schema.addProperty("title", new StringSchema());
        schema.addProperty("status", new IntegerSchema());
        schema.addProperty("detail", new StringSchema());
        schema.addProperty("instance", new StringSchema().format("uri-reference"));
        schema.addProperty(
                "errors",
                new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/" + FIELD_PROBLEM))
                        .description("the fields at fault, on a 400"));
        schema.setRequired(List.of("type", "title", "status"));
        return schema;
    }
}

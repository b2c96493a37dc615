package dev.slipway.gateway.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * The errors an operation can answer, each an {@code application/problem+json} body: those every
 * API call shares (no token, not allowed, rate limited, Redis or the broker away), those that
 * follow from its shape (a path names something that may not exist; a body or query may be
 * wrong), and those its controller declares with {@code @ApiResponse}, whose bodies are filled in
 * here.
 */
// last: it reads the parameters and responses the others added
@Order(2)
@Component
class ProblemResponses implements GlobalOperationCustomizer {

    static final String MEDIA_TYPE = "application/problem+json";

    private static final Map<String, String> EVERY_CALL = Map.of(
            "401", "No token, or one that is unknown, expired or revoked.",
            "403", "The caller's role or ownership does not allow this.",
            "429", "The token's rate limit is spent; Retry-After says when to try again.",
            "503", "Redis or the broker is unavailable; nothing was changed, try again.");

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, String> shaped = new LinkedHashMap<>();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (operation.getRequestBody() != null || parameters.stream().anyMatch(p -> "query".equals(p.getIn()))) {
            shaped.put("400", "The request is invalid; errors names each field and why.");
        }
        if (operation.getRequestBody() != null) {
            shaped.put("413", "The body is larger than the gateway takes (slipway.gateway.max-request-size).");
        }
        if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
            shaped.put("404", "Nothing of that id, or nothing the caller may see.");
        }
        shaped.forEach((code, description) ->
                responses.computeIfAbsent(code, _ -> new ApiResponse().description(description)));
        EVERY_CALL.forEach((code, description) ->
                responses.computeIfAbsent(code, _ -> new ApiResponse().description(description)));
        responses.forEach((code, response) -> {
            if (isError(code)) {
                response.setContent(problemBody());
            }
        });
        operation.setResponses(sorted(responses));
        return operation;
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static Content problemBody() {
        return new Content()
                .addMediaType(
                        MEDIA_TYPE,
                        new MediaType()
                                .schema(new Schema<>().$ref("#/components/schemas/" + ApiDescriptionConfig.PROBLEM)));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        ApiResponses ordered = new ApiResponses();
        responses.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> ordered.addApiResponse(entry.getKey(), entry.getValue()));
        return ordered;
    }
}

package dev.slipway.cli.http;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads an error response (RFC 9457 problem+json, or whatever a proxy answered) into an exception. */
final class Problems {

    private Problems() {}

    static ApiException from(int status, String body, JsonMapper json) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.isObject()) {
                List<ApiException.FieldError> errors = new ArrayList<>();
                for (JsonNode error : problem.path("errors")) {
                    errors.add(new ApiException.FieldError(
                            error.path("field").asString(), error.path("reason").asString()));
                }
                String detail =
                        problem.path("detail").asString(problem.path("title").asString(""));
                return new ApiException(status, detail.isEmpty() ? "HTTP " + status : detail, errors);
            }
        } catch (JacksonException notJson) {
            // a proxy's HTML page, say: its first line is the best reason there is
        }
        String firstLine = body.strip().lines().findFirst().orElse("");
        return new ApiException(status, "HTTP " + status + (firstLine.isEmpty() ? "" : ": " + firstLine), List.of());
    }
}

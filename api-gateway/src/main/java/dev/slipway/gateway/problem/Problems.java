package dev.slipway.gateway.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slipway's RFC 9457 problems: the one way their type URIs are formed, and how code outside Spring
 * MVC (security filters, the size limit, Tomcat's error valve) writes one to a response.
 */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:slipway:problem:";

    private Problems() {}

    /** @param type the problem's short name: {@code invalid-request} becomes {@code urn:slipway:problem:invalid-request} */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    /** Writes the problem as the whole response, with its status. */
    public static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}

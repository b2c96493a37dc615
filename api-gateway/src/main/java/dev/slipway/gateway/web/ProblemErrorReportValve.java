package dev.slipway.gateway.web;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error page, for what Tomcat refuses before Spring sees it (an encoded '/' or NUL in the
 * path, a malformed escape): a problem+json like every other error of the API, instead of Tomcat's
 * HTML page with its version. Errors Spring handles never get here, since their body is written.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = response.getMessage();
        ProblemDetail problem = ProblemErrorController.outsideTheApi(
                known == null ? HttpStatus.BAD_REQUEST : known,
                "The request was refused before it reached the API"
                        + (reason == null || reason.isBlank() ? "." : ": " + reason));
        problem.setStatus(status);
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(problem));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was taken over: nothing more to tell it
        }
    }
}

package dev.slipway.gateway.web;

import dev.slipway.gateway.problem.Problems;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page: what ends in {@code sendError} outside Spring MVC's handlers
 * (Spring Security's firewall refusing a path with {@code ..} or {@code ;}, a filter failing) is
 * answered as a problem, like every other error, instead of Spring Boot's own JSON shape.
 */
// not part of the API: the container forwards here, clients never call it
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail problem = outsideTheApi(status, "The request was refused before it reached the API.");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A problem for an error the API's own handlers never saw: typed by its status alone. */
    static ProblemDetail outsideTheApi(HttpStatus status, String refusal) {
        if (status.is5xxServerError()) {
            return Problems.of(
                    status,
                    "internal-error",
                    status.getReasonPhrase(),
                    "The gateway failed to handle this request; the error is in its log.");
        }
        String type = status == HttpStatus.BAD_REQUEST ? "bad-request" : "http-" + status.value();
        return Problems.of(status, type, status.getReasonPhrase(), refusal);
    }
}

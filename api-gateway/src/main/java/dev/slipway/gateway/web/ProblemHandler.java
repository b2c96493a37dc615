package dev.slipway.gateway.web;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.environment.EnvironmentNotQueuedException;
import dev.slipway.gateway.fleet.NoWorkerCanRunException;
import dev.slipway.gateway.fleet.UnservedPoolException;
import dev.slipway.gateway.identity.RateLimitedException;
import dev.slipway.gateway.job.ActiveJobLimitException;
import dev.slipway.gateway.job.JobAlreadyFinishedException;
import dev.slipway.gateway.job.SubmissionUncertainException;
import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NoAnswerException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.Problems;
import dev.slipway.gateway.problem.UnprocessableException;
import dev.slipway.messaging.BrokerUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where exceptions become RFC 9457 problem responses. Client mistakes are 4xx, name
 * the field and the reason, and are logged at WARN; only our own failures are 5xx, logged at ERROR,
 * and never show a stack trace to the client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final GatewayProperties properties;
    private final Counter redisErrors;

    ProblemHandler(GatewayProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.redisErrors = Counter.builder("slipway.redis.errors")
                .description("Redis operations that failed: unreachable, timed out, or refused (READONLY, OOM ...)")
                .tag("operation", "request")
                .register(meters);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::toProblem)
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return invalid(problems);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimit.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(RequestSizeLimit.tooLarge(tooLarge.maxBytes));
            }
        }
        return invalid(List.of(JsonProblems.describe(ex)));
    }

    /** The artifact store (a directory, an S3 bucket) failed: the request may succeed later. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> artifactStoreFailed(dev.slipway.artifacts.ArtifactStoreException ex) {
        log.error("503: the artifact store failed: {}", ex.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "artifact-store-unavailable",
                        "Artifact store unavailable",
                        "The artifact store failed: " + ex.getMessage() + ". Try again."));
    }

    /** A body without a Content-Length that grew past the limit while it was read. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> bodyTooLarge(RequestSizeLimit.BodyTooLargeException ex) {
        log.warn("413: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(RequestSizeLimit.tooLarge(ex.maxBytes));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = ex.getPropertyName() == null ? "(parameter)" : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String expected = type != null
                        && Number.class.isAssignableFrom(
                                org.springframework.util.ClassUtils.resolvePrimitiveIfNecessary(type))
                ? "a number"
                : "a valid value";
        return invalid(List.of(new FieldProblem(field, "must be " + expected)));
    }

    @ExceptionHandler
    ResponseEntity<Object> invalidRequest(InvalidRequestException ex) {
        return invalid(ex.problems());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
        log.warn("404: {}", ex.getMessage());
        String title = Character.toUpperCase(ex.kind().charAt(0)) + ex.kind().substring(1) + " not found";
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, ex.kind() + "-not-found", title, ex.detail()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> noWorkerCanRun(NoWorkerCanRunException ex) {
        String reason = "no live worker of the pool has the labels " + ex.constraints() + "; " + ex.offered();
        ProblemDetail problem = problem(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "no-worker-can-run",
                "No worker can run this job",
                "constraints: " + reason);
        problem.setProperty("errors", List.of(new FieldProblem("constraints", reason)));
        log.warn("422: {}", ex.getMessage());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unservedPool(UnservedPoolException ex) {
        String reason = "no worker has served pool '" + ex.pool()
                + "' lately and the gateway does not declare it (slipway.gateway.pools); check the name";
        ProblemDetail problem = problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "unserved-pool", "No worker serves this pool", "pool: " + reason);
        problem.setProperty("errors", List.of(new FieldProblem("pool", reason)));
        log.warn("422: {}", ex.getMessage());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unprocessable(UnprocessableException ex) {
        FieldProblem reason = ex.problem();
        ProblemDetail problem = problem(
                HttpStatus.UNPROCESSABLE_CONTENT, ex.type(), ex.title(), reason.field() + ": " + reason.reason());
        problem.setProperty("errors", List.of(reason));
        log.warn("422: {}", ex.getMessage());
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> noAnswer(NoAnswerException ex) {
        log.warn("504: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
                .body(problem(HttpStatus.GATEWAY_TIMEOUT, ex.type(), ex.title(), String.valueOf(ex.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> environmentNotQueued(EnvironmentNotQueuedException ex) {
        log.error("503: {}", ex.getMessage());
        String id = ex.environmentId().value();
        return unavailable(
                "queue-unavailable",
                "Environment queue unavailable",
                ex.created()
                        ? "The message broker did not confirm the create, so environment " + id
                                + " was marked FAILED and holds nothing against your quota. Retry later."
                        : "The message broker did not confirm the command for environment " + id
                                + "; nothing was run. Retry later.");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> alreadyFinished(JobAlreadyFinishedException ex) {
        ProblemDetail problem = problem(
                HttpStatus.CONFLICT,
                "job-finished",
                "Job already finished",
                "Job '" + ex.jobId() + "' already ended " + ex.state() + "; there is nothing to cancel.");
        problem.setProperty("state", ex.state().name());
        log.warn("409: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(ConflictException ex) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, ex.type(), ex.title(), String.valueOf(ex.getMessage()));
        ex.properties().forEach(problem::setProperty);
        log.warn("409: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    /** A role that may not: 403, not 404, because what was asked for is no secret (an endpoint, the fleet). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException ex) {
        log.warn("403: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(problem(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "Forbidden",
                        "Your role may not do this: " + String.valueOf(ex.getMessage()) + "."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
        ProblemDetail problem = problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                "This token may make " + ex.perSecond() + " requests per second, with bursts of " + ex.burst()
                        + "; retry after " + ex.retryAfterSeconds() + " s.");
        problem.setProperty("limit", ex.perSecond());
        problem.setProperty("burst", ex.burst());
        log.warn("429: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfterSeconds()))
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> activeJobLimit(ActiveJobLimitException ex) {
        ProblemDetail problem = problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "active-job-limit",
                "Too many active jobs",
                "maxActiveJobs: you have " + ex.active() + " queued or running jobs, and your limit is " + ex.limit()
                        + "; submit again when some have ended.");
        problem.setProperty("limit", ex.limit());
        problem.setProperty("current", ex.active());
        log.warn("429: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> brokerUnavailable(BrokerUnavailableException ex) {
        log.error("503: {}", ex.getMessage());
        return unavailable(
                "queue-unavailable",
                "Job queue unavailable",
                "The job was not accepted because the message broker did not confirm it; nothing was recorded. Retry later.");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> submissionUncertain(SubmissionUncertainException ex) {
        log.error("503: {}", ex.getMessage());
        String id = ex.jobId().value();
        ResponseEntity<ProblemDetail> answer = unavailable(
                "submission-uncertain",
                "Submission uncertain",
                "The broker did not confirm the job and its record could not be removed, so it may still run. "
                        + "Look it up at /api/v1/jobs/" + id + " before you submit it again.");
        ProblemDetail problem = java.util.Objects.requireNonNull(answer.getBody());
        problem.setProperty("jobId", id);
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.LOCATION, "/api/v1/jobs/" + id)
                .body(problem);
    }

    /** Redis unreachable or too slow: nothing was accepted, and the client may retry. */
    @ExceptionHandler({DataAccessResourceFailureException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(DataAccessException ex) {
        redisErrors.increment();
        log.error("503: Redis unavailable: {}", ex.getMessage());
        return unavailable(
                "store-unavailable",
                "Job store unavailable",
                "The gateway cannot reach its job store (Redis) right now. Retry later.");
    }

    /**
     * Errors Redis answers while it cannot take writes for a while: a primary demoted in a failover
     * (READONLY), memory full (OOM), still loading its data (LOADING), its primary gone (MASTERDOWN),
     * a script hogging it (BUSY). They are temporary, so retryable like an outage, not a 500.
     */
    private static final List<String> REDIS_TEMPORARY_REFUSALS =
            List.of("READONLY", "OOM", "LOADING", "MASTERDOWN", "BUSY", "NOREPLICAS", "TRYAGAIN", "CLUSTERDOWN");

    @ExceptionHandler
    ResponseEntity<ProblemDetail> storeRefused(UncategorizedDataAccessException ex) {
        String reason = String.valueOf(ex.getMostSpecificCause().getMessage());
        if (REDIS_TEMPORARY_REFUSALS.stream().anyMatch(prefix -> reason.startsWith(prefix + " "))) {
            redisErrors.increment();
            log.error("503: Redis refused the command: {}", reason);
            return unavailable(
                    "store-unavailable",
                    "Job store unavailable",
                    "The gateway's job store (Redis) cannot take writes right now. Retry later.");
        }
        return unexpected(ex);
    }

    private ResponseEntity<ProblemDetail> unavailable(String type, String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(
                        HttpHeaders.RETRY_AFTER,
                        String.valueOf(properties.retryAfter().toSeconds()))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("500: unexpected failure", ex);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The gateway failed to handle this request; the error is in its log.");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> problems) {
        String detail =
                problems.stream().map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", problems);
        log.warn("400: {}", detail);
        return ResponseEntity.badRequest().body(problem);
    }

    private static FieldProblem toProblem(FieldError error) {
        return new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage()));
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return Problems.of(status, type, title, detail);
    }
}

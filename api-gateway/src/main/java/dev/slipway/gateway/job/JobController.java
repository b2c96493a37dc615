package dev.slipway.gateway.job;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.upload.UploadClaims;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@Tag(name = "jobs", description = "Build jobs: submit, follow, cancel.")
@RestController
@RequestMapping("/api/v1/jobs")
record JobController(
        JobSpecFactory specs,
        JobSubmission submission,
        JobStore store,
        Cancellation cancellation,
        UploadClaims uploads,
        GatewayProperties properties,
        Clock clock) {

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "The job, recorded and queued.")
    @ApiResponse(
            responseCode = "429",
            description = "The rate limit is spent, or the owner's quota of active jobs is reached.")
    @ApiResponse(responseCode = "413", description = "The request is larger than the gateway takes.")
    @ApiResponse(responseCode = "422", description = "No worker serves the pool, or none can run the job.")
    @ApiResponse(
            responseCode = "504",
            description = "The broker did not confirm in time; the job may or may not be queued.")
    ResponseEntity<JobView> submit(@AuthenticationPrincipal Caller caller, @Valid @RequestBody JobRequest request) {
        Map<String, String> secrets = request.secrets() == null ? Map.of() : request.secrets();
        JobSpec spec = specs.create(request);
        uploads.claimFor(spec, caller);
        JobView job = submission.submit(spec, secrets, caller);
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + job.id())).body(job);
    }

    /**
     * Cancels a job: 202 with the job as it is now (CANCELLED when it had not started, CANCELLING
     * while its worker stops the container), 409 when it already ended. Its owner and admins may.
     */
    @PostMapping("/{id}/cancel")
    @ApiResponse(
            responseCode = "202",
            description = "The job as it is now: CANCELLED, or CANCELLING while its worker stops it.")
    @ApiResponse(responseCode = "409", description = "The job already ended.")
    ResponseEntity<JobView> cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        JobView job = visible(caller, id);
        if (!caller.mayChange(job.owner())) {
            throw new AccessDeniedException("cancelling another user's job");
        }
        Cancellation.Result result = cancellation.cancel(job.id(), clock.instant());
        return switch (result.outcome()) {
            case NOT_FOUND -> throw NotFoundException.job(id);
            case ALREADY_FINISHED -> throw new JobAlreadyFinishedException(id, result.state());
            case CANCELLED, CANCELLING ->
                ResponseEntity.accepted().body(store.find(job.id()).orElseThrow(() -> NotFoundException.job(id)));
        };
    }

    @GetMapping("/{id}")
    JobView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return visible(caller, id);
    }

    /** The caller's jobs, newest first; operators and admins see everyone's, or one owner's with {@code owner}. */
    @GetMapping
    JobPage list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String owner,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        JobState filter = state == null ? null : parseState(state);
        JobId after = cursor == null ? null : parseCursor(cursor);
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("limit", "must be between 1 and " + properties.maxPageSize())));
        }
        if (owner != null && !caller.seesEverything() && !owner.equals(caller.name())) {
            throw new AccessDeniedException("listing another user's jobs");
        }
        String ownedBy = caller.seesEverything() ? owner : caller.name();
        List<JobView> items = store.list(ownedBy, filter, after, size + 1);
        if (items.size() <= size) {
            return new JobPage(items, null);
        }
        List<JobView> page = items.subList(0, size);
        return new JobPage(page, page.getLast().id().value());
    }

    @GetMapping(value = "/{id}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<StreamingResponseBody> log(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        JobId jobId = visible(caller, id).id();
        StreamingResponseBody body = out -> store.writeLog(jobId, out);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(body);
    }

    /** The job, if the caller may see it: another user's job is a 404, so that its existence does not leak. */
    private JobView visible(Caller caller, String id) {
        if (!JobId.isWellFormed(id)) {
            throw NotFoundException.job(id);
        }
        return store.find(JobId.of(id))
                .filter(job -> caller.mayRead(job.owner()))
                .orElseThrow(() -> NotFoundException.job(id));
    }

    private static JobState parseState(String state) {
        try {
            return JobState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("state", "must be one of " + List.of(JobState.values()))));
        }
    }

    private static JobId parseCursor(String cursor) {
        if (!JobId.isWellFormed(cursor)) {
            throw new InvalidRequestException(List.of(new FieldProblem("cursor", "is not a cursor this API returned")));
        }
        return JobId.of(cursor);
    }
}

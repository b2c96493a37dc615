package dev.slipway.gateway.stream;

import dev.slipway.gateway.job.FieldProblem;
import dev.slipway.gateway.job.InvalidRequestException;
import dev.slipway.gateway.job.JobNotFoundException;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Event streams: a job's log lines, a job's state changes, and every job's state changes.
 * Every event carries an id; a
 * client that reconnects with it ({@code Last-Event-ID}, or {@code ?after=} for tools that cannot
 * set headers) continues exactly after that event.
 */
@RestController
@RequestMapping("/api/v1")
class StreamController {

    private final EventStreams streams;
    private final JobStore jobs;
    private final JsonMapper json;
    private final SseHub hub;

    StreamController(EventStreams streams, JobStore jobs, JsonMapper json, SseHub hub) {
        this.streams = streams;
        this.jobs = jobs;
        this.json = json;
        this.hub = hub;
    }

    @GetMapping(
            value = "/jobs/{id}/logs",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void logs(
            @PathVariable String id,
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        JobId job = existingJob(id);
        LogPosition from = resumePoint(lastEventId, after)
                .map(text -> LogPosition.parse(text)
                        .orElseThrow(() -> badPosition(lastEventId != null ? "Last-Event-ID" : "after")))
                .orElse(LogPosition.START);
        hub.serve(
                request,
                response,
                new SseStream(RedisKeys.jobLog(job), from.readAfterId(), new LogRenderer(from, json), endOf(job)));
    }

    @GetMapping(
            value = "/jobs/{id}/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void jobEvents(
            @PathVariable String id,
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        JobId job = existingJob(id);
        String from = entryId(lastEventId, after).orElse(EventStreams.BEGINNING);
        hub.serve(
                request,
                response,
                new SseStream(RedisKeys.jobEvents(job), from, new JobEventRenderer(json), endOf(job)));
    }

    /** Every job's state changes, for dashboards; live from now unless a resume point is given. */
    @GetMapping(
            value = "/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void allEvents(
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String from = entryId(lastEventId, after).orElseGet(() -> {
            String newest = streams.lastId(RedisKeys.GLOBAL_EVENTS);
            return newest == null ? EventStreams.BEGINNING : newest;
        });
        hub.serve(request, response, SseStream.endless(RedisKeys.GLOBAL_EVENTS, from, (entry, sse) -> {
            sse.event(entry.id(), "state", entry.data());
            return false;
        }));
    }

    /** The job's end once it has one, read from its record when its stream is idle. */
    private Supplier<Optional<JobEnd>> endOf(JobId job) {
        return () -> jobs.find(job).filter(view -> view.state().isTerminal()).map(JobEnd::of);
    }

    private JobId existingJob(String id) {
        if (!JobId.isWellFormed(id) || jobs.find(JobId.of(id)).isEmpty()) {
            throw new JobNotFoundException(id);
        }
        return JobId.of(id);
    }

    private static Optional<String> resumePoint(@Nullable String lastEventId, @Nullable String after) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            return Optional.of(lastEventId.strip());
        }
        return after == null || after.isBlank() ? Optional.empty() : Optional.of(after.strip());
    }

    private static Optional<String> entryId(@Nullable String lastEventId, @Nullable String after) {
        return resumePoint(lastEventId, after).map(text -> {
            if (!StreamIds.isValid(text)) {
                throw badPosition(lastEventId != null ? "Last-Event-ID" : "after");
            }
            return text;
        });
    }

    private static InvalidRequestException badPosition(String field) {
        return new InvalidRequestException(List.of(new FieldProblem(field, "is not an event id this API sent")));
    }
}

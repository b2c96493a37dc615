package dev.slipway.gateway.stream;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
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
record StreamController(
        EventStreams streams, JobStore jobs, JsonMapper json, SseHub hub, GatewayProperties properties) {

    @GetMapping(
            value = "/jobs/{id}/logs",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void logs(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            ResumePoint resume,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        JobId job = visibleJob(caller, id);
        LogPosition from = resume.logPosition();
        SseStream stream = new SseStream(
                RedisKeys.jobLog(job),
                from.readAfterId(),
                new LogRenderer(from, json),
                endOf(job),
                properties.logReads().entriesPerRead());
        hub.serve(request, response, stream);
    }

    @GetMapping(
            value = "/jobs/{id}/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void jobEvents(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            ResumePoint resume,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        JobId job = visibleJob(caller, id);
        String from = resume.entryId().orElse(EventStreams.BEGINNING);
        hub.serve(
                request,
                response,
                new SseStream(
                        RedisKeys.jobEvents(job),
                        from,
                        new JobEventRenderer(json),
                        endOf(job),
                        SseStream.EVENT_ENTRIES_PER_READ));
    }

    /**
     * The state changes of every job the caller may see (their own; everyone's for operators and
     * admins), for dashboards; live from now unless a resume point is given.
     */
    @GetMapping(
            value = "/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void allEvents(
            @AuthenticationPrincipal Caller caller,
            ResumePoint resume,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String from = resume.entryId().orElseGet(() -> {
            String newest = streams.lastId(RedisKeys.GLOBAL_EVENTS);
            return newest == null ? EventStreams.BEGINNING : newest;
        });
        hub.serve(request, response, SseStream.endless(RedisKeys.GLOBAL_EVENTS, from, (entry, sse) -> {
            if (caller.seesEverything() || ownedBy(entry, caller.name())) {
                sse.event(entry.id(), "state", entry.data());
            }
            return false;
        }));
    }

    /** The job's end once it has one, read from its record when its stream is idle. */
    private Supplier<Optional<JobEnd>> endOf(JobId job) {
        return () -> jobs.find(job).filter(view -> view.state().isTerminal()).map(JobEnd::of);
    }

    /** Another user's job is a 404, as on every job endpoint. */
    private JobId visibleJob(Caller caller, String id) {
        if (!JobId.isWellFormed(id)
                || jobs.find(JobId.of(id))
                        .filter(job -> caller.mayRead(job.owner()))
                        .isEmpty()) {
            throw NotFoundException.job(id);
        }
        return JobId.of(id);
    }

    private boolean ownedBy(StreamEntry entry, String user) {
        return json.readValue(entry.data(), JobEvent.class) instanceof JobEvent.StateChanged changed
                && user.equals(changed.owner());
    }
}

package dev.slipway.gateway.stream;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.environment.EnvironmentStore;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
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
 * Server-Sent Event streams: a job's log lines, a job's state changes, every job's state changes,
 * and an environment's state changes and stats.
 * Every event carries an id; a
 * client that reconnects with it ({@code Last-Event-ID}, or {@code ?after=} for tools that cannot
 * set headers) continues exactly after that event.
 */
@Tag(name = "streams", description = "Live Server-Sent Event streams of jobs, logs and environments.")
@RestController
@RequestMapping("/api/v1")
record StreamController(
        EventStreams streams,
        JobStore jobs,
        EnvironmentStore environments,
        JsonMapper json,
        SseHub hub,
        GatewayProperties properties) {

    /** How long a worker goes on sampling an environment's stats after the last sample went to a client. */
    static final Duration STATS_INTEREST = Duration.ofSeconds(30);

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

    /**
     * An environment's state changes from its creation (or the resume point), ending with an
     * {@code end} event once it is over.
     */
    @GetMapping(
            value = "/environments/{id}/events",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void environmentEvents(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            ResumePoint resume,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        EnvironmentId environment = visibleEnvironment(caller, id);
        String from = resume.entryId().orElse(EventStreams.BEGINNING);
        hub.serve(
                request,
                response,
                SseStream.endless(RedisKeys.environmentEvents(environment), from, new EnvironmentEventRenderer(json)));
    }

    /**
     * What a running environment uses, a {@code stats} event about every 2 s while someone watches:
     * the hosting worker samples only environments whose stats are asked for, and the ask lapses
     * {@link #STATS_INTEREST} after the last sample was sent to a client.
     */
    @GetMapping(
            value = "/environments/{id}/stats",
            produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void environmentStats(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            ResumePoint resume,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        EnvironmentId environment = visibleEnvironment(caller, id);
        String key = RedisKeys.environmentStats(environment);
        String from = resume.entryId().orElseGet(() -> {
            String newest = streams.lastId(key);
            return newest == null ? EventStreams.BEGINNING : newest;
        });
        environments.wantStats(environment, STATS_INTEREST);
        hub.serve(request, response, SseStream.endless(key, from, (entry, sse) -> {
            sse.event(entry.id(), "stats", entry.data());
            environments.wantStats(environment, STATS_INTEREST);
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

    /** Another user's environment is a 404, as on every environment endpoint. */
    private EnvironmentId visibleEnvironment(Caller caller, String id) {
        if (!EnvironmentId.isWellFormed(id)
                || environments
                        .find(EnvironmentId.of(id))
                        .filter(environment -> caller.mayRead(environment.owner()))
                        .isEmpty()) {
            throw NotFoundException.environment(id);
        }
        return EnvironmentId.of(id);
    }

    private boolean ownedBy(StreamEntry entry, String user) {
        return json.readValue(entry.data(), JobEvent.class) instanceof JobEvent.StateChanged changed
                && user.equals(changed.owner());
    }
}

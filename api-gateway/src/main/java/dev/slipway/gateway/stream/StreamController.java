package dev.slipway.gateway.stream;

import dev.slipway.gateway.job.FieldProblem;
import dev.slipway.gateway.job.InvalidRequestException;
import dev.slipway.gateway.job.JobNotFoundException;
import dev.slipway.gateway.job.JobStore;
import dev.slipway.model.JobEvent;
import dev.slipway.model.JobId;
import dev.slipway.model.JobView;
import dev.slipway.model.LogChunkText;
import dev.slipway.model.LogLine;
import dev.slipway.model.LogStream;
import dev.slipway.model.RedisKeys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Every event carries an id; a client that reconnects with it ({@code Last-Event-ID}, or
 * {@code ?after=} for tools that cannot set headers) continues exactly after that event.
 */
@RestController
@RequestMapping("/api/v1")
class StreamController {

    private final EventStreams streams;
    private final JobStore jobs;
    private final JsonMapper json;
    private final SseSession sessions;
    private final LogChunkLines chunkLines;

    StreamController(EventStreams streams, JobStore jobs, JsonMapper json, SseSession sessions) {
        this.streams = streams;
        this.jobs = jobs;
        this.json = json;
        this.sessions = sessions;
        this.chunkLines = new LogChunkLines(json);
    }

    @GetMapping(value = "/jobs/{id}/logs", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void logs(
            @PathVariable String id,
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        JobId job = existingJob(id);
        LogPosition from = resumePoint(lastEventId, after).map(text -> LogPosition.parse(text)
                        .orElseThrow(() -> badPosition(lastEventId != null ? "Last-Event-ID" : "after")))
                .orElse(LogPosition.START);
        sessions.serve(request, response, RedisKeys.jobLog(job), from.readAfterId(), new LogRenderer(job, from));
    }

    @GetMapping(value = "/jobs/{id}/events", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void jobEvents(
            @PathVariable String id,
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        JobId job = existingJob(id);
        String from = entryId(lastEventId, after).orElse(EventStreams.BEGINNING);
        sessions.serve(request, response, RedisKeys.jobEvents(job), from, new StateRenderer(job, from));
    }

    /** Every job's state changes, for dashboards; live from now unless a resume point is given. */
    @GetMapping(value = "/events", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.ALL_VALUE})
    void allEvents(
            @RequestHeader(value = "Last-Event-ID", required = false) @Nullable String lastEventId,
            @RequestParam(required = false) @Nullable String after,
            HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        String from = entryId(lastEventId, after).orElseGet(() -> {
            String newest = streams.lastId(RedisKeys.GLOBAL_EVENTS);
            return newest == null ? EventStreams.BEGINNING : newest;
        });
        sessions.serve(request, response, RedisKeys.GLOBAL_EVENTS, from, (entry, sse) -> {
            sse.event(entry.id(), "state", entry.data());
            return false;
        });
    }

    /** Renders log entries: one event per line, named after its stream, then {@code end}. */
    private final class LogRenderer implements SseSession.Renderer {

        private static final byte[] STDOUT = SseWriter.ascii("stdout");
        private static final byte[] STDERR = SseWriter.ascii("stderr");

        private final JobId job;
        private final LogPosition from;
        private String lastEntry;
        private boolean ended;

        LogRenderer(JobId job, LogPosition from) {
            this.job = job;
            this.from = from;
            this.lastEntry = from.readAfterId();
        }

        @Override
        public boolean render(StreamEntry entry, SseWriter sse) throws IOException {
            String id = entry.id();
            lastEntry = id;
            int first = from.firstLineAfter(id);
            if (LogChunkText.isChunk(entry.data())) {
                byte[] entryId = SseWriter.ascii(id);
                LogChunkText.Lines lines = new LogChunkText.Lines(entry.data());
                while (lines.next()) {
                    if (lines.index() >= first) {
                        sse.event(entryId, lines.index(), lines.stream() == LogStream.STDERR ? STDERR : STDOUT,
                                lines.chunk(), lines.from(), lines.to());
                    }
                }
                return false;
            }
            // Entries written before log chunks became text, within their retention.
            String payload = entry.payload();
            LogChunkLines.Sink write = (index, stream, text) -> {
                if (index >= first) {
                    sse.event(id + "." + index, stream == LogStream.STDERR ? "stderr" : "stdout", text);
                }
            };
            if (chunkLines.read(payload, write)) {
                return false;
            }
            switch (json.readValue(payload, JobEvent.class)) {
                case JobEvent.LogChunk chunk -> {
                    List<LogLine> lines = chunk.lines();
                    for (int i = 0; i < lines.size(); i++) {
                        write.line(i, lines.get(i).stream(), lines.get(i).text());
                    }
                    return false;
                }
                case JobEvent.LogEnd end -> {
                    sse.event(entry.id(), "end", endData(end.state().name(), end.exitCode(), end.attempt()));
                    ended = true;
                    return true;
                }
                case JobEvent.StateChanged ignored -> {
                    return false;
                }
            }
        }

        /** A job that ended without running (or whose worker vanished) has no end marker: end from its record. */
        @Override
        public boolean onIdle(SseWriter sse) throws IOException {
            if (ended) {
                return true;
            }
            // The end marker is written with the terminal state: read what is left first.
            return endIfFinished(job, RedisKeys.jobLog(job), lastEntry, this, sse, "end");
        }
    }

    /**
     * Renders a job's state changes, then {@code end} after the terminal one, so that a client (an
     * EventSource above all) knows to stop reconnecting. The end event repeats the terminal event's
     * id: resuming after either gets only the end again.
     */
    private final class StateRenderer implements SseSession.Renderer {

        private final JobId job;
        private String lastEntry;

        StateRenderer(JobId job, String from) {
            this.job = job;
            this.lastEntry = from;
        }

        @Override
        public boolean render(StreamEntry entry, SseWriter sse) throws IOException {
            lastEntry = entry.id();
            JobEvent event = json.readValue(entry.data(), JobEvent.class);
            sse.event(entry.id(), "state", entry.data());
            if (event instanceof JobEvent.StateChanged changed && changed.to().isTerminal()) {
                sse.event(entry.id(), "end", endData(changed.to().name(), changed.exitCode(), changed.attempt()));
                return true;
            }
            return false;
        }

        /** A client that resumes after the terminal event finds nothing more: it gets the end at once. */
        @Override
        public boolean onIdle(SseWriter sse) throws IOException {
            return endIfFinished(job, RedisKeys.jobEvents(job), lastEntry, this, sse, lastEntry);
        }
    }

    /**
     * Once the job has ended: renders what its stream still holds after {@code lastEntry} and, if
     * none of it ended the stream, an {@code end} event from the job's record. False while it runs.
     */
    private boolean endIfFinished(JobId job, String key, String lastEntry, SseSession.Renderer renderer, SseWriter sse,
            String endId) throws IOException {
        Optional<JobView> view = jobs.find(job);
        if (view.isEmpty() || !view.get().state().isTerminal()) {
            return false;
        }
        for (StreamEntry entry : streams.readAfter(key, lastEntry, Integer.MAX_VALUE)) {
            if (renderer.render(entry, sse)) {
                return true;
            }
        }
        JobView finished = view.get();
        sse.event(endId, "end", endData(finished.state().name(), finished.exitCode(), finished.attempt()));
        return true;
    }

    private String endData(String state, @Nullable Integer exitCode, int attempt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        data.put("exitCode", exitCode);
        data.put("attempt", attempt);
        return json.writeValueAsString(data);
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

package dev.slipway.gateway.stream;

import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a client resumes an event stream: the id of the last event it received, from the
 * {@code Last-Event-ID} header (what an EventSource sends when it reconnects) or, for tools that
 * cannot set headers, the {@code after} query parameter. Controllers take it as an argument.
 *
 * @param field which of the two it came from, to name in a 400
 */
public record ResumePoint(@Nullable String eventId, String field) {

    static final String HEADER = "Last-Event-ID";
    static final String PARAMETER = "after";

    /** The header wins over the parameter; blanks are absent. */
    static ResumePoint of(@Nullable String header, @Nullable String parameter) {
        if (header != null && !header.isBlank()) {
            return new ResumePoint(header.strip(), HEADER);
        }
        return new ResumePoint(parameter == null || parameter.isBlank() ? null : parameter.strip(), PARAMETER);
    }

    /** The stream entry to continue after, when one was given: it must be a Redis stream id. */
    Optional<String> entryId() {
        return Optional.ofNullable(eventId).map(id -> {
            if (!StreamIds.isValid(id)) {
                throw invalid();
            }
            return id;
        });
    }

    /** The log position to continue after: an entry id, and the line within it. */
    LogPosition logPosition() {
        return eventId == null ? LogPosition.START : LogPosition.parse(eventId).orElseThrow(this::invalid);
    }

    private InvalidRequestException invalid() {
        return new InvalidRequestException(List.of(new FieldProblem(field, "is not an event id this API sent")));
    }
}

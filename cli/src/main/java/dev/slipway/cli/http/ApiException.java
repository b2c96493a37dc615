package dev.slipway.cli.http;

import java.util.List;

/**
 * The gateway refused a request: its status and what its problem+json body says ({@code detail} and
 * the field errors), so that a user reads the gateway's reason, not a status code.
 */
public final class ApiException extends RuntimeException {

    /** One entry of a problem's {@code errors}. */
    public record FieldError(String field, String reason) {}

    private final int status;
    private final List<FieldError> errors;

    ApiException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Worth asking again: the gateway or what it depends on is busy or away for a moment. */
    public boolean transientFailure() {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}

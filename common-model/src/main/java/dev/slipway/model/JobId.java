package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a job across the gateway, the queue, the workers and Redis. Time-ordered (UUIDv7). */
public record JobId(String value) implements Comparable<JobId> {

    private static final Pattern FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a job id: " + value);
        }
    }

    @JsonCreator
    public static JobId of(String value) {
        return new JobId(value);
    }

    /** Tells whether {@code text} has the shape of a job id, so callers can answer 404 instead of failing. */
    public static boolean isWellFormed(String text) {
        return FORMAT.matcher(text).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies an environment across the gateway, the queues, the workers, Redis and its container's labels. Time-ordered (UUIDv7). */
public record EnvironmentId(String value) implements Comparable<EnvironmentId> {

    private static final Pattern FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public EnvironmentId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not an environment id: " + value);
        }
    }

    @JsonCreator
    public static EnvironmentId of(String value) {
        return new EnvironmentId(value);
    }

    /** Tells whether {@code text} has the shape of an environment id, so callers can answer 404 instead of failing. */
    public static boolean isWellFormed(String text) {
        return FORMAT.matcher(text).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(EnvironmentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

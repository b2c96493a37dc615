package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** Identifies a worker process; by default the name of the Docker host it drives. */
public record WorkerId(String value) {

    public WorkerId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("worker id must not be blank");
        }
    }

    @JsonCreator
    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}

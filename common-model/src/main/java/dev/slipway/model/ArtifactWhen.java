package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** When a job's artifacts are collected, as GitLab's {@code artifacts:when}. */
public enum ArtifactWhen {
    ON_SUCCESS,
    ON_FAILURE,
    ALWAYS;

    /** Whether an attempt that ended so keeps its artifacts. */
    public boolean collects(boolean succeeded) {
        return this == ALWAYS || (this == ON_SUCCESS) == succeeded;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ArtifactWhen ofWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}

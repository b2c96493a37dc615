package dev.slipway.cli.job;

import dev.slipway.model.JobState;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** How a job ended, as the log stream's {@code end} event says: its terminal state and exit code. */
record JobEnd(JobState state, @Nullable Integer exitCode) {

    static JobEnd of(JsonNode end) {
        JsonNode exitCode = end.path("exitCode");
        return new JobEnd(
                JobState.valueOf(end.path("state").asString()), exitCode.isNumber() ? exitCode.asInt() : null);
    }
}

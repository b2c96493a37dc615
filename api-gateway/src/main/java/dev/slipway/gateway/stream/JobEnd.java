package dev.slipway.gateway.stream;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** How a job ended, as the {@code end} event that closes its streams carries it. */
record JobEnd(JobState state, @Nullable Integer exitCode, int attempt) {

    static JobEnd of(JobView job) {
        return new JobEnd(job.state(), job.exitCode(), job.attempt());
    }

    static JobEnd of(JobEvent.LogEnd end) {
        return new JobEnd(end.state(), end.exitCode(), end.attempt());
    }

    static JobEnd of(JobEvent.StateChanged change) {
        return new JobEnd(change.to(), change.exitCode(), change.attempt());
    }

    /** The event's data: {@code {"state":…,"exitCode":…,"attempt":…}}, in that order. */
    byte[] toJson(JsonMapper json) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("state", state.name());
        data.put("exitCode", exitCode);
        data.put("attempt", attempt);
        return json.writeValueAsBytes(data);
    }
}

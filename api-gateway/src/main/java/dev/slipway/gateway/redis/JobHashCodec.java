package dev.slipway.gateway.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** Reads a job hash (see {@link JobFields}) back into a {@link JobView}. */
final class JobHashCodec {

    private final JsonMapper json;

    JobHashCodec(JsonMapper json) {
        this.json = json;
    }

    JobView decode(JobId id, Map<String, String> hash) {
        return new JobView(
                id,
                JobState.valueOf(hash.get(JobFields.STATE)),
                json.readValue(hash.get(JobFields.SPEC), JobSpec.class),
                Integer.parseInt(hash.getOrDefault(JobFields.ATTEMPT, "0")),
                Integer.parseInt(hash.getOrDefault(JobFields.FAILURES, "0")),
                blankToNull(hash.get(JobFields.WORKER)) == null ? null : WorkerId.of(hash.get(JobFields.WORKER)),
                blankToNull(hash.get(JobFields.EXIT_CODE)) == null
                        ? null
                        : Integer.valueOf(hash.get(JobFields.EXIT_CODE)),
                blankToNull(hash.get(JobFields.ERROR)),
                instant(hash.get(JobFields.CREATED_AT)),
                instant(hash.get(JobFields.STARTED_AT)),
                instant(hash.get(JobFields.FINISHED_AT)),
                instant(hash.get(JobFields.CANCEL_REQUESTED_AT)),
                instant(hash.get(JobFields.UPDATED_AT)));
    }

    private static @Nullable Instant instant(@Nullable String millis) {
        return blankToNull(millis) == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

package dev.slipway.gateway.redis;

import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import dev.slipway.model.JobView;
import dev.slipway.model.PushedImage;
import dev.slipway.model.WorkerId;
import java.time.Instant;
import java.util.List;
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
                JobState.valueOf(required(id, hash, JobFields.STATE)),
                hash.getOrDefault(JobFields.OWNER, ""),
                json.readValue(required(id, hash, JobFields.SPEC), JobSpec.class),
                Integer.parseInt(hash.getOrDefault(JobFields.ATTEMPT, "0")),
                Integer.parseInt(hash.getOrDefault(JobFields.FAILURES, "0")),
                worker(hash.get(JobFields.WORKER)),
                exitCode(hash.get(JobFields.EXIT_CODE)),
                blankToNull(hash.get(JobFields.ERROR)),
                Instant.ofEpochMilli(Long.parseLong(required(id, hash, JobFields.CREATED_AT))),
                instant(hash.get(JobFields.STARTED_AT)),
                instant(hash.get(JobFields.FINISHED_AT)),
                instant(hash.get(JobFields.CANCEL_REQUESTED_AT)),
                Instant.ofEpochMilli(Long.parseLong(required(id, hash, JobFields.UPDATED_AT))),
                images(hash.get(JobFields.IMAGES)));
    }

    private List<PushedImage> images(@Nullable String value) {
        return value == null || value.isBlank() ? List.of() : List.of(json.readValue(value, PushedImage[].class));
    }

    /** A field every job record has from its creation on. */
    private static String required(JobId id, Map<String, String> hash, String field) {
        String value = hash.get(field);
        if (value == null) {
            throw new IllegalStateException("the record of job " + id + " has no " + field);
        }
        return value;
    }

    private static @Nullable WorkerId worker(@Nullable String value) {
        String worker = blankToNull(value);
        return worker == null ? null : WorkerId.of(worker);
    }

    private static @Nullable Integer exitCode(@Nullable String value) {
        String code = blankToNull(value);
        return code == null ? null : Integer.valueOf(code);
    }

    private static @Nullable Instant instant(@Nullable String value) {
        String millis = blankToNull(value);
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

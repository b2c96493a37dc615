package dev.slipway.gateway.redis;

import dev.slipway.gateway.artifact.ArtifactListing;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's artifacts as its worker listed them: the hash {@link RedisKeys#jobArtifacts}, its files by
 * path beside {@code @attempt} and {@code @expiresAt}; past that expiry it lists nothing, whether or
 * not a sweeper has deleted the files yet.
 */
@Component
record RedisArtifactListing(StringRedisTemplate redis, JsonMapper json, Clock clock) implements ArtifactListing {

    private static final String ATTEMPT = "@attempt";
    private static final String EXPIRES_AT = "@expiresAt";

    @Override
    public List<ArtifactFile> of(JobId job) {
        Map<String, String> fields = redis.<String, String>opsForHash().entries(RedisKeys.jobArtifacts(job));
        if (!current(fields.get(EXPIRES_AT))) {
            return List.of();
        }
        List<ArtifactFile> files = new ArrayList<>();
        fields.forEach((path, value) -> {
            if (!path.startsWith("@")) {
                files.add(json.readValue(value, ArtifactFile.class));
            }
        });
        files.sort(Comparator.comparing(ArtifactFile::path));
        return files;
    }

    @Override
    public Optional<Listed> find(JobId job, String path) {
        if (path.startsWith("@")) {
            return Optional.empty();
        }
        List<String> fields = redis.<String, String>opsForHash()
                .multiGet(RedisKeys.jobArtifacts(job), List.of(ATTEMPT, EXPIRES_AT, path));
        if (fields == null || fields.get(0) == null || fields.get(2) == null || !current(fields.get(1))) {
            return Optional.empty();
        }
        return Optional.of(new Listed(
                json.readValue(fields.get(2), ArtifactFile.class), Integer.parseInt(String.valueOf(fields.get(0)))));
    }

    @Override
    public Optional<Integer> attempt(JobId job) {
        List<String> fields =
                redis.<String, String>opsForHash().multiGet(RedisKeys.jobArtifacts(job), List.of(ATTEMPT, EXPIRES_AT));
        if (fields == null || fields.get(0) == null || !current(fields.get(1))) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(String.valueOf(fields.get(0))));
    }

    private boolean current(@Nullable String expiresAt) {
        return expiresAt != null && Long.parseLong(expiresAt) > clock.millis();
    }
}

package dev.slipway.gateway.redis;

import dev.slipway.gateway.artifact.ArtifactListing;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.JobId;
import dev.slipway.model.RedisKeys;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A job's artifacts as its worker listed them: the hash {@link RedisKeys#jobArtifacts}. */
@Component
record RedisArtifactListing(StringRedisTemplate redis, JsonMapper json) implements ArtifactListing {

    @Override
    public List<ArtifactFile> of(JobId job) {
        return redis.<String, String>opsForHash().values(RedisKeys.jobArtifacts(job)).stream()
                .map(value -> json.readValue(value, ArtifactFile.class))
                .sorted(Comparator.comparing(ArtifactFile::path))
                .toList();
    }
}

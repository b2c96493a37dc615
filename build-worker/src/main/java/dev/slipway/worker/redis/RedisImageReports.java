package dev.slipway.worker.redis;

import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.environment.ImageReports;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image catalogue's side in Redis: the templates' images read from their documents, each
 * worker's report a hash rewritten whole in one transaction, each pull's progress a field of its hash.
 */
@Component
public record RedisImageReports(StringRedisTemplate redis, JsonMapper json) implements ImageReports {

    private static final Logger log = LoggerFactory.getLogger(RedisImageReports.class);
    private static final Duration PULL_RETENTION = Duration.ofDays(1);

    @Override
    public Set<String> templateImages() {
        Set<String> names = redis.opsForZSet().range(RedisKeys.TEMPLATES, 0, -1);
        if (names == null || names.isEmpty()) {
            return Set.of();
        }
        List<@Nullable String> documents = redis.opsForValue()
                .multiGet(names.stream().map(RedisKeys::template).toList());
        Set<String> images = new TreeSet<>();
        for (String document : documents == null ? List.<String>of() : documents) {
            if (document == null) {
                continue;
            }
            try {
                JsonNode image = json.readTree(document).at("/template/image");
                if (image.isString()) {
                    images.add(image.asString());
                }
            } catch (JacksonException e) {
                log.warn("Skipping a template document that cannot be read: {}", e.getOriginalMessage());
            }
        }
        return images;
    }

    @Override
    public void report(WorkerId worker, List<HostImage> images, Duration lifetime) {
        String key = RedisKeys.workerImages(worker);
        Map<String, String> fields = new HashMap<>();
        images.forEach(image -> fields.put(image.image(), json.writeValueAsString(image)));
        redis.execute(new SessionCallback<@Nullable Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> @Nullable Object execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.multi();
                ops.delete(key);
                if (!fields.isEmpty()) {
                    ops.opsForHash().putAll(key, fields);
                    ops.expire(key, lifetime);
                }
                ops.exec();
                return null;
            }
        });
    }

    @Override
    public void progress(String pullId, WorkerId worker, ImagePullProgress progress) {
        String key = RedisKeys.imagePull(pullId);
        redis.opsForHash().put(key, "worker:" + worker.value(), json.writeValueAsString(progress));
        redis.expire(key, PULL_RETENTION); // a day after the last word of it, whoever wrote it
    }
}

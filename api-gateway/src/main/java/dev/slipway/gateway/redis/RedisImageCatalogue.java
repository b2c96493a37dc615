package dev.slipway.gateway.redis;

import dev.slipway.gateway.image.ImageCatalogue;
import dev.slipway.gateway.image.ImagePull;
import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workers' image reports ({@code slipway:worker:{id}:images}) and pulls ({@code
 * slipway:image-pull:{id}}: the request, and one field per worker that the worker rewrites as it goes).
 */
@Component
record RedisImageCatalogue(StringRedisTemplate redis, JsonMapper json) implements ImageCatalogue {

    private static final Logger log = LoggerFactory.getLogger(RedisImageCatalogue.class);
    private static final Duration PULL_RETENTION = Duration.ofDays(1);
    private static final String REQUEST = "request";
    private static final String WORKER = "worker:";

    /** The request part of a pull's hash. */
    private record Request(String image, String pool, String requestedBy, Instant requestedAt) {}

    @Override
    public Map<String, HostImage> imagesOf(WorkerId worker) {
        Map<String, HostImage> images = new HashMap<>();
        redis.opsForHash().entries(RedisKeys.workerImages(worker)).forEach((image, report) -> {
            try {
                images.put(image.toString(), json.readValue(report.toString(), HostImage.class));
            } catch (JacksonException e) {
                log.warn("Ignoring worker {}'s report of {}: {}", worker, image, e.getOriginalMessage());
            }
        });
        return images;
    }

    @Override
    public void recordPull(ImagePull pull) {
        String key = RedisKeys.imagePull(pull.id());
        Map<String, String> fields = new HashMap<>();
        fields.put(
                REQUEST,
                json.writeValueAsString(
                        new Request(pull.image(), pull.pool(), pull.requestedBy(), pull.requestedAt())));
        pull.workers().forEach((worker, progress) -> fields.put(WORKER + worker, json.writeValueAsString(progress)));
        redis.opsForHash().putAll(key, fields);
        redis.expire(key, PULL_RETENTION);
    }

    @Override
    public void progress(String pullId, WorkerId worker, ImagePullProgress progress) {
        redis.opsForHash().put(RedisKeys.imagePull(pullId), WORKER + worker.value(), json.writeValueAsString(progress));
    }

    @Override
    public Optional<ImagePull> findPull(String pullId) {
        Map<Object, Object> fields = redis.opsForHash().entries(RedisKeys.imagePull(pullId));
        Object request = fields.get(REQUEST);
        if (request == null) {
            return Optional.empty();
        }
        Request asked = json.readValue(request.toString(), Request.class);
        Map<String, ImagePullProgress> workers = new TreeMap<>();
        fields.forEach((field, value) -> {
            String name = field.toString();
            if (name.startsWith(WORKER)) {
                workers.put(name.substring(WORKER.length()), json.readValue(value.toString(), ImagePullProgress.class));
            }
        });
        return Optional.of(
                new ImagePull(pullId, asked.image(), asked.pool(), asked.requestedBy(), asked.requestedAt(), workers));
    }
}

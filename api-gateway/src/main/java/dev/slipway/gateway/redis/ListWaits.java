package dev.slipway.gateway.redis;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Waiting on a Redis list for a worker's answer (an exec's, a terminal open's), in BLPOPs of at most
 * {@link #STEP} each: one long BLPOP would outlast the client's command timeout
 * ({@code spring.data.redis.timeout}, 5 s) and fail as if Redis were away.
 */
final class ListWaits {

    private static final Duration STEP = Duration.ofSeconds(2);
    /** BLPOP counts in seconds with millisecond precision; a zero timeout would wait for ever. */
    private static final Duration MIN_STEP = Duration.ofMillis(10);

    private ListWaits() {}

    static Optional<String> pop(StringRedisTemplate redis, String key, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Duration step = Duration.ofNanos(Math.min(left, STEP.toNanos()));
            String answer = redis.opsForList().leftPop(key, step.compareTo(MIN_STEP) < 0 ? MIN_STEP : step);
            if (answer != null) {
                return Optional.of(answer);
            }
        }
    }
}

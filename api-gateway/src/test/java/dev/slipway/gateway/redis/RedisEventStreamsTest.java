package dev.slipway.gateway.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.stream.EventStreams;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The shared live reader on the real Redis: every subscriber gets every entry after its position, in order. */
class RedisEventStreamsTest {

    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private RedisEventStreams streams;
    private final String key = "slipway:test:events:" + UUID.randomUUID();

    @BeforeEach
    void start() {
        TestServices.Endpoint endpoint = TestServices.redis();
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(endpoint.host(), endpoint.port());
        configuration.setDatabase(GatewayTestSupport.REDIS_DATABASE);
        connections = new LettuceConnectionFactory(configuration);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        streams = new RedisEventStreams(redis, connections);
        streams.start();
    }

    @AfterEach
    void stop() {
        streams.stop();
        redis.delete(key);
        connections.destroy();
    }

    private String append(String payload) {
        return redis.opsForStream()
                .add(StreamRecords.string(Map.of(RedisKeys.EVENT_FIELD, payload))
                        .withStreamKey(key))
                .getValue();
    }

    private static List<String> take(BlockingQueue<String> received, int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = received.poll(2, TimeUnit.SECONDS);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }

    @Test
    void aSubscriberGetsEveryEntryAfterItsPositionInOrder() throws Exception {
        String first = append("one");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (EventStreams.Subscription _ = streams.subscribe(key, first, entry -> received.add(entry.id()))) {
            String second = append("two");
            String third = append("three");

            assertThat(take(received, 2)).containsExactly(second, third);
        }
    }

    /**
     * A client that joins behind another subscriber of the same stream (a reconnecting SSE client
     * resuming from its Last-Event-ID while its old connection, or another watcher, is still
     * subscribed further on) must still get every entry after its own position. The shared reader is
     * then blocked in an XREAD that started at the other subscriber's position; what that read
     * returns must not move the newcomer past the entries in between.
     */
    @Test
    void aSubscriberThatJoinsBehindAnotherMissesNoEntry() throws Exception {
        BlockingQueue<String> ahead = new LinkedBlockingQueue<>();
        BlockingQueue<String> behind = new LinkedBlockingQueue<>();
        try (EventStreams.Subscription _ =
                streams.subscribe(key, EventStreams.BEGINNING, entry -> ahead.add(entry.id()))) {
            String first = append("one");
            assertThat(ahead.poll(5, TimeUnit.SECONDS)).isEqualTo(first);
            Thread.sleep(50); // the reader is now blocked in its next XREAD, from after `first`

            try (EventStreams.Subscription _ =
                    streams.subscribe(key, EventStreams.BEGINNING, entry -> behind.add(entry.id()))) {
                String second = append("two");
                assertThat(ahead.poll(5, TimeUnit.SECONDS)).isEqualTo(second);

                assertThat(take(behind, 2))
                        .as("everything after the newcomer's position")
                        .containsExactly(first, second);
            }
        }
    }
}

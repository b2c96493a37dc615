package dev.slipway.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestServices;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The empty queues of pools nobody serves any more are deleted; a queue with a job waiting is kept. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ForgottenPoolsIntegrationTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String EMPTY = "forgotten-" + SUFFIX;
    private static final String BUSY = "busy-" + SUFFIX;
    private static final String DECLARED = "declared-" + SUFFIX;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties(GatewayTestSupport.REDIS_DATABASE)
                .forEach((key, value) -> registry.add(key, () -> value));
        registry.add("slipway.gateway.pools", () -> "default," + DECLARED);
        registry.add("slipway.gateway.pool-cleanup-interval", () -> "1h"); // the test cleans by hand
    }

    @Autowired
    ForgottenPools pools;

    @Autowired
    JobPublisher broker;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @AfterEach
    void deleteTheQueues() {
        for (String pool : new String[] {EMPTY, BUSY, DECLARED}) {
            admin.deleteQueue(JobTopology.queueFor(pool));
            redis.opsForSet().remove(RedisKeys.POOLS, pool);
        }
    }

    private void poolWithQueue(String pool) {
        redis.opsForSet().add(RedisKeys.POOLS, pool);
        broker.publish(JobMessage.first(JobId.of(UUID.randomUUID().toString()), GatewayTestSupport.spec(pool)));
    }

    /** Spring may stop and start a context again (a paused test context does): the cleanup runs on. */
    @Test
    void theCleanupCanBeStoppedAndStartedAgain() {
        pools.stop();
        assertThat(pools.isRunning()).isFalse();

        pools.start();
        pools.start();

        assertThat(pools.isRunning()).isTrue();
    }

    @Test
    void theEmptyQueueOfAPoolNobodyServesIsDeletedAndThePoolForgotten() {
        poolWithQueue(EMPTY);
        admin.purgeQueue(JobTopology.queueFor(EMPTY), false);
        poolWithQueue(BUSY);
        poolWithQueue(DECLARED);
        admin.purgeQueue(JobTopology.queueFor(DECLARED), false);

        assertThat(pools.clean()).contains(EMPTY).doesNotContain(BUSY, DECLARED);

        assertThat(admin.getQueueInfo(JobTopology.queueFor(EMPTY))).isNull();
        assertThat(redis.opsForSet().isMember(RedisKeys.POOLS, EMPTY)).isFalse();
        assertThat(admin.getQueueInfo(JobTopology.queueFor(BUSY)).getMessageCount())
                .as("a waiting job keeps its queue")
                .isEqualTo(1);
        assertThat(redis.opsForSet().isMember(RedisKeys.POOLS, BUSY)).isTrue();
        assertThat(admin.getQueueInfo(JobTopology.queueFor(DECLARED)))
                .as("a declared pool keeps its queue")
                .isNotNull();
    }
}

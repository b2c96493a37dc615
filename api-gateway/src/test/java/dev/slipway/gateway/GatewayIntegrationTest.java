package dev.slipway.gateway;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway on a random port against the test services (one Spring context, shared by every
 * subclass), starting each test on an empty Redis database: the gateway's API tests extend it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected StringRedisTemplate redis;

    /** No test sees what another left in the gateway tests' Redis database. */
    @BeforeEach
    void emptyRedis() {
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
    }
}

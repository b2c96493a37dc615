package dev.slipway.gateway.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.model.RedisKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the broker unreachable, a submission is a 503 with Retry-After, and nothing is recorded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerUnavailableIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
        registry.add("spring.rabbitmq.port", () -> "1"); // nothing listens there
        registry.add("slipway.gateway.publish-timeout", () -> "2s");
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aJobTheBrokerCannotTakeIsA503WithRetryAfterAndLeavesNoRecord() throws Exception {
        Long jobsBefore = redis.opsForZSet().zCard(RedisKeys.ALL_JOBS);
        Long eventsBefore = redis.opsForStream().size(RedisKeys.GLOBAL_EVENTS);

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"busybox\",\"script\":[\"true\"]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:slipway:problem:queue-unavailable").doesNotContain("Exception");
        assertThat(redis.opsForZSet().zCard(RedisKeys.ALL_JOBS)).isEqualTo(jobsBefore);
        assertThat(redis.opsForStream().size(RedisKeys.GLOBAL_EVENTS)).isEqualTo(eventsBefore);
    }
}

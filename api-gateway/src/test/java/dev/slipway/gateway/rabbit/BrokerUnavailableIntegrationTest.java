package dev.slipway.gateway.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.model.JobState;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With the broker unreachable, a submission is a 503 problem with Retry-After, and nothing is recorded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerUnavailableIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
        registry.add("spring.rabbitmq.port", () -> "1"); // nothing listens there
        registry.add("slipway.gateway.publish-timeout", () -> "2s");
        registry.add("slipway.gateway.retry-after", () -> "7s");
    }

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    private record Snapshot(Set<String> jobKeys, Set<String> allJobs, Set<String> queuedJobs, Long globalEvents) {}

    private Snapshot snapshot() {
        return new Snapshot(
                redis.keys("slipway:job:*"),
                redis.opsForZSet().range(RedisKeys.ALL_JOBS, 0, -1),
                redis.opsForZSet().range(RedisKeys.jobsInState(JobState.QUEUED), 0, -1),
                redis.opsForStream().size(RedisKeys.GLOBAL_EVENTS));
    }

    @Test
    void aJobTheBrokerCannotTakeIsA503ProblemWithRetryAfterAndLeavesNoRecord() throws Exception {
        Snapshot before = snapshot();

        long start = System.nanoTime();
        HttpResponse<String> response = submit("{\"image\":\"busybox\",\"script\":[\"true\"]}");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
                .as("the configured retry-after")
                .hasValue("7");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:queue-unavailable");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("trace");
        assertThat(took).as("no longer than the publish timeout, with slack").isLessThan(Duration.ofSeconds(5));

        assertThat(snapshot()).as("nothing recorded in Redis").isEqualTo(before);
    }

    @Test
    void everySubmissionWhileTheBrokerIsDownIsA503AndTheListingStaysUnchanged() throws Exception {
        Snapshot before = snapshot();
        String listingBefore = get("/api/v1/jobs?limit=500");

        for (String pool : new String[] {"default", "default", "other"}) {
            HttpResponse<String> response =
                    submit("{\"image\":\"busybox\",\"command\":[\"true\"],\"pool\":\"" + pool + "\"}");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }

        assertThat(snapshot()).isEqualTo(before);
        assertThat(get("/api/v1/jobs?limit=500")).isEqualTo(listingBefore);
    }

    @Test
    void badInputIsStillA400WhileTheBrokerIsDown() throws Exception {
        HttpResponse<String> response = submit("{\"script\":[\"true\"]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    }

    private HttpResponse<String> submit(String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        TestAuth.request(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs"))
                                .timeout(Duration.ofSeconds(15))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        TestAuth.request(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(15))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}

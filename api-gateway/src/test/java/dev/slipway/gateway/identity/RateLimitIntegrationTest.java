package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** A token bucket per token: a burst, then 429 with Retry-After; another token has a bucket of its own. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"slipway.gateway.auth.rate-limit.per-second=1", "slipway.gateway.auth.rate-limit.burst=5"})
class RateLimitIntegrationTest {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        GatewayTestSupport.services(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aTokenPastItsBurstGets429WithRetryAfterWhileAnotherTokenIsServed() throws Exception {
        TestApi admin = TestApi.admin(port);
        String other =
                admin.createUserWithToken("rate-" + System.nanoTime() % 100_000, "user"); // two of the admin's five
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = admin.get("/api/v1/me");
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                refused = response;
            }
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
        assertThat(refused).isNotNull();
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        JsonNode problem = admin.expect(429, refused);
        assertThat(problem.get("type").asString()).isEqualTo("urn:slipway:problem:rate-limited");
        assertThat(problem.get("limit").asInt()).isEqualTo(1);
        assertThat(problem.get("burst").asInt()).isEqualTo(5);
        assertThat(admin.as(other).get("/api/v1/me").statusCode()).isEqualTo(200);
    }
}

package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.JobTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;

/** Who may read /actuator/prometheus: admins and the scrape token, which opens nothing else. */
class MetricsEndpointIntegrationTest extends GatewayIntegrationTest {

    private static final String METRICS = "/actuator/prometheus";

    @Autowired
    AmqpAdmin rabbitAdmin;

    private TestApi admin;
    private final String pool = "metrics-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void callAsAdmin() {
        admin = TestApi.admin(port);
    }

    @AfterEach
    void deleteThePoolQueue() {
        rabbitAdmin.deleteQueue(JobTopology.queueFor(pool));
    }

    @Test
    void withoutATokenTheMetricsAre401Problem() throws Exception {
        HttpResponse<String> response = admin.as(null).get(METRICS);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).doesNotContain("slipway_");
    }

    @Test
    void anUnknownTokenIs401AndAUsersTokenIs403Problem() throws Exception {
        String alice = admin.createUserWithToken("alice", "user");
        String olga = admin.createUserWithToken("olga", "operator");

        assertThat(admin.as("slp_unknown").get(METRICS).statusCode()).isEqualTo(401);
        for (String token : new String[] {alice, olga}) {
            HttpResponse<String> refused = admin.as(token).get(METRICS);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(admin.expect(403, refused).get("type").asString()).isEqualTo("urn:slipway:problem:forbidden");
        }
    }

    @Test
    void theAdminAndTheScrapeTokenReadSlipwaySeriesAsPrometheusText() throws Exception {
        admin.expect(
                201,
                admin.post("/api/v1/jobs", "{\"image\":\"busybox\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}"));

        for (String token : new String[] {admin.token(), GatewayTestSupport.SCRAPE_TOKEN}) {
            HttpResponse<String> scrape = admin.as(token).get(METRICS);

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body())
                    .contains("slipway_jobs_submitted_total{pool=\"" + pool + "\"} 1.0")
                    .contains("slipway_sse_streams ")
                    .contains("slipway_terminal_sockets ")
                    .contains("slipway_environments{state=\"RUNNING\"}");
        }
    }

    @Test
    void theScrapeTokenMayAskForOpenMetrics() throws Exception {
        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + METRICS))
                                .header("Authorization", "Bearer " + GatewayTestSupport.SCRAPE_TOKEN)
                                .header("Accept", "application/openmetrics-text; version=1.0.0")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(scrape.body()).contains("slipway_sse_streams").endsWith("# EOF\n");
    }

    @Test
    void theScrapeTokenOpensNothingButTheMetrics() throws Exception {
        TestApi scraper = admin.as(GatewayTestSupport.SCRAPE_TOKEN);

        for (String path : new String[] {"/api/v1/jobs", "/api/v1/me", "/api/v1/workers", "/actuator/info"}) {
            HttpResponse<String> refused = scraper.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(scraper.post(
                                "/api/v1/jobs",
                                "{\"image\":\"busybox\",\"script\":[\"true\"],\"pool\":\"" + pool + "\"}")
                        .statusCode())
                .isEqualTo(401);
    }
}

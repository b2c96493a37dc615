package dev.slipway.gateway.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.GatewayTestSupport;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.EnvironmentTopology;
import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.JobTopology;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.WorkerId;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image catalogue on a real gateway, Redis and RabbitMQ, with workers stood in for by their
 * registry entries and reports: who has which template image, and pulls asked of a pool's workers.
 */
class ImageApiIntegrationTest extends GatewayIntegrationTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String pool = "images-" + run;
    private final WorkerId first = WorkerId.of("img-a-" + run);
    private final WorkerId second = WorkerId.of("img-b-" + run);

    @Autowired
    JsonMapper json;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin rabbitAdmin;

    private TestApi admin;

    @BeforeEach
    void twoLiveWorkersOfAPool() throws Exception {
        admin = TestApi.admin(port);
        live(first);
        live(second);
    }

    @AfterEach
    void deleteTheWorkerQueues() {
        for (WorkerId worker : List.of(first, second)) {
            rabbitAdmin.deleteQueue(JobTopology.queueForRoute(EnvironmentTopology.workerRoute(worker)));
        }
    }

    @Test
    void theCatalogueListsEachTemplateImageWithTheLiveWorkersThatHaveIt() throws Exception {
        admin.expect(201, admin.post("/api/v1/templates", "{\"name\":\"a\",\"image\":\"busybox:latest\"}"));
        admin.expect(201, admin.post("/api/v1/templates", "{\"name\":\"b\",\"image\":\"busybox:latest\"}"));
        admin.expect(201, admin.post("/api/v1/templates", "{\"name\":\"c\",\"image\":\"debian:12\"}"));
        redis.opsForHash()
                .put(
                        RedisKeys.workerImages(first),
                        "busybox:latest",
                        json.writeValueAsString(new HostImage("busybox:latest", "sha256:abc", 2_000_000)));
        TestApi user = admin.as(admin.createUserWithToken("alice", "user"));

        JsonNode catalogue = user.expect(200, user.get("/api/v1/images"));

        assertThat(catalogue)
                .extracting(entry -> entry.get("image").asString())
                .containsExactly("busybox:latest", "debian:12");
        JsonNode busybox = catalogue.get(0);
        assertThat(busybox.get("templates")).extracting(JsonNode::asString).containsExactly("a", "b");
        assertThat(busybox.at("/workers/0/workerId").asString()).isEqualTo(first.value());
        assertThat(busybox.at("/workers/0/sizeBytes").asLong()).isEqualTo(2_000_000);
        assertThat(busybox.get("workers")).hasSize(1);
        assertThat(catalogue.get(1).get("workers")).isEmpty();
    }

    @Test
    void aPullIsAskedOfEveryLiveWorkerOfThePoolAndShowsEachOnesProgress() throws Exception {
        HttpResponse<String> response =
                admin.post("/api/v1/images/pull", "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\"}");

        JsonNode pull = admin.expect(202, response);
        String id = pull.get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/images/pulls/" + id);
        assertThat(pull.at("/workers/" + first.value() + "/state").asString()).isEqualTo("QUEUED");
        assertThat(pull.at("/workers/" + second.value() + "/state").asString()).isEqualTo("QUEUED");
        Message asked = rabbit.receive(JobTopology.queueForRoute(EnvironmentTopology.workerRoute(second)), 5000);
        assertThat(asked).isNotNull();
        assertThat(new String(asked.getBody(), StandardCharsets.UTF_8)).contains("\"type\":\"pull-image\"", id);
        redis.opsForHash()
                .put(
                        RedisKeys.imagePull(id),
                        "worker:" + first.value(),
                        json.writeValueAsString(new ImagePullProgress(
                                ImagePullProgress.State.PULLING, 1, 3, 500, 3000, null, Instant.now())));
        JsonNode following = admin.expect(200, admin.get("/api/v1/images/pulls/" + id));
        assertThat(following.at("/workers/" + first.value() + "/layersDone").asInt())
                .isEqualTo(1);
        assertThat(following.at("/workers/" + first.value() + "/bytesTotal").asLong())
                .isEqualTo(3000);
    }

    @Test
    void aPullIsForOperatorsAndNeedsAPoolWithALiveWorkerAndAValidImage() throws Exception {
        TestApi user = admin.as(admin.createUserWithToken("alice", "user"));
        user.expect(403, user.post("/api/v1/images/pull", "{\"image\":\"busybox:latest\",\"pool\":\"" + pool + "\"}"));

        JsonNode nobody = admin.expect(
                422,
                admin.post("/api/v1/images/pull", "{\"image\":\"busybox:latest\",\"pool\":\"empty-" + run + "\"}"));
        assertThat(nobody.at("/errors/0/field").asString()).isEqualTo("pool");
        JsonNode badImage = admin.expect(
                400, admin.post("/api/v1/images/pull", "{\"image\":\"Not An Image\",\"pool\":\"" + pool + "\"}"));
        assertThat(badImage.at("/errors/0/field").asString()).isEqualTo("image");
        admin.expect(404, admin.get("/api/v1/images/pulls/no-such-pull"));
    }

    private void live(WorkerId id) {
        GatewayTestSupport.liveWorker(redis, json, id, List.of(pool));
    }
}

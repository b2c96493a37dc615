package dev.slipway.gateway.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.gateway.GatewayIntegrationTest;
import dev.slipway.gateway.TestApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Environment templates on a real gateway and Redis: written by operators, read by all, checked field by field. */
class TemplateApiIntegrationTest extends GatewayIntegrationTest {

    private static final String FULL = """
            {"name":"busybox-dev","image":"busybox:latest","description":"a small box",
             "command":["sleep","infinity"],"env":{"LANG":"C.UTF-8"},"workdir":"/root","user":null,
             "shell":["/bin/sh"],"resources":{"cpus":1,"memoryMb":512,"pidsLimit":512},
             "ttl":"PT8H","maxTtl":"P7D","idleStopAfter":"PT1H","pool":"default","constraints":{}}
            """;

    private TestApi admin;

    @BeforeEach
    void callAsAdmin() {
        admin = TestApi.admin(port);
    }

    @Test
    void anOperatorWritesATemplateThatEveryRoleReadsWithItsDurationsInIso8601() throws Exception {
        TestApi operator = admin.as(admin.createUserWithToken("opal", "operator"));
        TestApi user = admin.as(admin.createUserWithToken("alice", "user"));

        HttpResponse<String> created = operator.post("/api/v1/templates", FULL);

        JsonNode body = operator.expect(201, created);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/templates/busybox-dev");
        assertThat(body.get("author").asString()).isEqualTo("opal");
        JsonNode read =
                user.expect(200, user.get("/api/v1/templates/busybox-dev")).get("template");
        assertThat(read.get("ttl").asString()).isEqualTo("PT8H");
        assertThat(read.get("maxTtl").asString()).isEqualTo("PT168H");
        assertThat(read.get("idleStopAfter").asString()).isEqualTo("PT1H");
        assertThat(read.get("command")).extracting(JsonNode::asString).containsExactly("sleep", "infinity");
        assertThat(read.at("/resources/memoryMb").asLong()).isEqualTo(512);
        assertThat(user.expect(200, user.get("/api/v1/templates")))
                .extracting(template -> template.at("/template/name").asString())
                .containsExactly("busybox-dev");
        assertThat(user.post("/api/v1/templates", FULL.replace("busybox-dev", "mine"))
                        .statusCode())
                .as("a user writes no template")
                .isEqualTo(403);
    }

    @Test
    void aTemplateWithOnlyAnImageGetsTheDefaults() throws Exception {
        JsonNode template = admin.expect(
                        201, admin.post("/api/v1/templates", "{\"name\":\"plain\",\"image\":\"busybox:latest\"}"))
                .get("template");

        assertThat(template.get("ttl").asString()).isEqualTo("PT8H");
        assertThat(template.get("maxTtl").asString()).isEqualTo("PT168H");
        assertThat(template.get("idleStopAfter").isNull()).isTrue();
        assertThat(template.get("command").isNull())
                .as("kept alive under an init process")
                .isTrue();
        assertThat(template.get("shell")).extracting(JsonNode::asString).containsExactly("/bin/sh");
        assertThat(template.get("pool").asString()).isEqualTo("default");
        assertThat(template.at("/resources/cpus").asDouble()).isPositive();
    }

    @Test
    void aReplaceChangesTheTemplateKeepsWhenItWasCreatedAndADeleteRemovesIt() throws Exception {
        JsonNode first = admin.expect(201, admin.post("/api/v1/templates", FULL));

        JsonNode replaced = admin.expect(
                200,
                admin.send(
                        "PUT",
                        "/api/v1/templates/busybox-dev",
                        "{\"image\":\"busybox:1.36\",\"ttl\":\"PT2H\",\"maxTtl\":\"PT4H\"}"));

        assertThat(replaced.at("/template/image").asString()).isEqualTo("busybox:1.36");
        assertThat(replaced.at("/template/command").isNull())
                .as("a PUT replaces the whole template")
                .isTrue();
        assertThat(replaced.get("createdAt").asString())
                .isEqualTo(first.get("createdAt").asString());
        assertThat(admin.send("DELETE", "/api/v1/templates/busybox-dev", null).statusCode())
                .isEqualTo(204);
        assertThat(admin.get("/api/v1/templates/busybox-dev").statusCode()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/api/v1/templates/busybox-dev", null).statusCode())
                .isEqualTo(404);
        assertThat(admin.send("PUT", "/api/v1/templates/busybox-dev", "{\"image\":\"busybox:latest\"}")
                        .statusCode())
                .as("a PUT changes a template, it does not make one")
                .isEqualTo(404);
    }

    @Test
    void aSecondTemplateOfTheSameNameIsAConflict() throws Exception {
        admin.expect(201, admin.post("/api/v1/templates", FULL));

        HttpResponse<String> again = admin.post("/api/v1/templates", FULL);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void badFieldsAreA400NamingEachFieldAndReason() throws Exception {
        assertProblem("{\"name\":\"Bad Name\",\"image\":\"busybox:latest\"}", "name", "1-63 characters");
        assertProblem("{\"name\":\"x\"}", "image", "is required");
        assertProblem(
                "{\"name\":\"x\",\"image\":\"busybox:latest\",\"ttl\":\"P2D\",\"maxTtl\":\"P1D\"}",
                "ttl",
                "must be at most maxTtl");
        assertProblem(
                "{\"name\":\"x\",\"image\":\"busybox:latest\",\"maxTtl\":\"P400D\"}", "maxTtl", "must be at most");
        assertProblem(
                "{\"name\":\"x\",\"image\":\"busybox:latest\",\"idleStopAfter\":\"-PT1H\"}",
                "idleStopAfter",
                "positive");
        assertProblem(
                "{\"name\":\"x\",\"image\":\"busybox:latest\",\"workdir\":\"/proc/self/fd/7\"}", "workdir", "/proc");
        assertProblem(
                "{\"name\":\"x\",\"image\":\"busybox:latest\",\"resources\":{\"memoryMb\":9999999}}",
                "resources.memoryMb",
                "at most");
        assertProblem("{\"name\":\"x\",\"image\":\"busybox:latest\",\"ttl\":\"soon\"}", "ttl", "ISO-8601 duration");
        assertThat(admin.get("/api/v1/templates/x").statusCode())
                .as("nothing was recorded")
                .isEqualTo(404);
    }

    private void assertProblem(String body, String field, String reason) throws Exception {
        HttpResponse<String> answer = admin.post("/api/v1/templates", body);
        assertThat(answer.statusCode()).as(body).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).as(body).contains("\"" + field + "\"").contains(reason);
    }
}

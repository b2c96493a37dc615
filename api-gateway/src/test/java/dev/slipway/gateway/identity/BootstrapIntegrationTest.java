package dev.slipway.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.gateway.GatewayApplication;
import dev.slipway.gateway.TestApi;
import dev.slipway.model.RedisKeys;
import dev.slipway.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/** How an installation is first signed into, and why auth cannot be switched off on a reachable gateway. */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapIntegrationTest {

    /** A Redis database of its own: an installation that has never started. */
    private static final int DATABASE = 7;

    private static final Pattern TOKEN = Pattern.compile("(slp_[A-Za-z0-9_-]{43})");

    @Test
    void theFirstGatewayWithoutAnAdminTokenGeneratesOneOnceAndWritesItToItsFile(
            CapturedOutput output, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("admin-token");
        Map<String, Object> properties = properties();
        properties.put("slipway.gateway.auth.admin-token", "");
        properties.put("slipway.gateway.auth.bootstrap-token-file", file.toString());
        try (ConfigurableApplicationContext gateway = start(properties)) {
            flush(gateway); // whatever earlier runs left: this installation has never started
        }
        int from = output.getOut().length();
        String token;
        try (ConfigurableApplicationContext gateway = start(properties)) {
            Matcher generated = TOKEN.matcher(output.getOut().substring(from));
            assertThat(generated.find()).as("a token in the log").isTrue();
            token = generated.group(1);
            assertThat(generated.find()).as("only one generated").isFalse();
            assertThat(Files.readString(file).strip()).isEqualTo(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            TestApi admin = new TestApi(port(gateway), token);
            assertThat(admin.expect(200, admin.get("/api/v1/me")).get("role").asString())
                    .isEqualTo("admin");
        }
        try (ConfigurableApplicationContext again = start(properties)) {
            assertThat(TOKEN.matcher(output.getOut().substring(from)).results().count())
                    .as("no second token at a restart")
                    .isEqualTo(1);
            assertThat(new TestApi(port(again), token).get("/api/v1/me").statusCode())
                    .isEqualTo(200);
            flush(again);
        }
    }

    @Test
    void anAdminTokenShorterThan32CharactersRefusesToStart() {
        Map<String, Object> properties = properties();
        properties.put("slipway.gateway.auth.admin-token", "too-short");

        assertThatThrownBy(() -> start(properties).close()).hasStackTraceContaining("must have at least 32 characters");
    }

    @Test
    void authCanBeSwitchedOffOnlyOnALoopbackOnlyGatewayAndItWarns(CapturedOutput output) throws Exception {
        Map<String, Object> open = properties();
        open.put("slipway.gateway.auth.enabled", "false");

        assertThatThrownBy(() -> start(open).close()).hasStackTraceContaining("loopback address only");

        open.put("server.address", "127.0.0.1");
        try (ConfigurableApplicationContext gateway = start(open)) {
            TestApi anonymous = new TestApi(port(gateway), null);
            assertThat(anonymous
                            .expect(200, anonymous.get("/api/v1/me"))
                            .get("role")
                            .asString())
                    .isEqualTo("admin");
            assertThat(output.getOut()).contains("Authentication is OFF");
        }
    }

    private static Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(TestServices.springProperties(DATABASE));
        properties.put("server.port", "0");
        return properties;
    }

    /** As command-line arguments: above the gateway's defaults file, as an operator's settings are. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(GatewayApplication.class).run(arguments);
    }

    private static int port(ConfigurableApplicationContext gateway) {
        return Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
    }

    private static void flush(ConfigurableApplicationContext gateway) {
        gateway.getBean(StringRedisTemplate.class).execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().flushDb();
            return null;
        });
        assertThat(gateway.getBean(StringRedisTemplate.class).hasKey(RedisKeys.BOOTSTRAP))
                .isFalse();
    }
}

package dev.slipway.testing;

import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Where the RabbitMQ and Redis of integration tests are. CI and developer machines that already
 * run both services name them with {@code SLIPWAY_TEST_RABBITMQ_HOST} / {@code SLIPWAY_TEST_REDIS_HOST}
 * (ports {@code ..._PORT}, defaults 5672 and 6379); elsewhere Testcontainers starts them once per JVM.
 */
public final class TestServices {

    private static volatile Endpoint rabbit;
    private static volatile Endpoint redis;

    private TestServices() {}

    public record Endpoint(String host, int port) {}

    public static synchronized Endpoint rabbitMq() {
        if (rabbit == null) {
            rabbit = fromEnvironment("RABBITMQ", 5672);
            if (rabbit == null) {
                RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management");
                container.start();
                rabbit = new Endpoint(container.getHost(), container.getAmqpPort());
            }
        }
        return rabbit;
    }

    public static synchronized Endpoint redis() {
        if (redis == null) {
            redis = fromEnvironment("REDIS", 6379);
            if (redis == null) {
                GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);
                container.start();
                redis = new Endpoint(container.getHost(), container.getMappedPort(6379));
            }
        }
        return redis;
    }

    /**
     * Spring Boot properties pointing at both services. Each module passes its own Redis database
     * so that modules whose tests flush Redis cannot disturb each other.
     */
    public static Map<String, String> springProperties(int redisDatabase) {
        Endpoint amqp = rabbitMq();
        Endpoint kv = redis();
        return Map.of(
                "slipway.gateway.auth.admin-token", TestAuth.ADMIN_TOKEN,
                "spring.rabbitmq.host", amqp.host(),
                "spring.rabbitmq.port", String.valueOf(amqp.port()),
                "spring.data.redis.host", kv.host(),
                "spring.data.redis.port", String.valueOf(kv.port()),
                "spring.data.redis.database", String.valueOf(redisDatabase),
                // artifacts of the tests' jobs in the running module's build directory, not the user's home
                "slipway.artifacts.root", "target/test-artifacts");
    }

    private static Endpoint fromEnvironment(String service, int defaultPort) {
        String host = System.getenv("SLIPWAY_TEST_" + service + "_HOST");
        if (host == null || host.isBlank()) {
            return null;
        }
        String port = System.getenv("SLIPWAY_TEST_" + service + "_PORT");
        return new Endpoint(host, port == null || port.isBlank() ? defaultPort : Integer.parseInt(port));
    }
}

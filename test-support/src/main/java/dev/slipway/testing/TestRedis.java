package dev.slipway.testing;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A connection to one database of the tests' Redis ({@link TestServices#redis}), for tests that
 * use the Redis adapters without a Spring context. Each test class has a database of its own
 * (docs/architecture.md, under the ports, lists them), so classes running one after another cannot meet.
 */
public final class TestRedis implements AutoCloseable {

    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate template;

    private TestRedis(LettuceConnectionFactory connections, StringRedisTemplate template) {
        this.connections = connections;
        this.template = template;
    }

    public static TestRedis database(int database) {
        TestServices.Endpoint endpoint = TestServices.redis();
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(endpoint.host(), endpoint.port());
        config.setDatabase(database);
        LettuceConnectionFactory connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        connections.start();
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        return new TestRedis(connections, template);
    }

    public StringRedisTemplate template() {
        return template;
    }

    /** Empties this database. */
    public void flush() {
        template.execute(
                connection -> {
                    connection.serverCommands().flushDb();
                    return null;
                },
                true);
    }

    @Override
    public void close() {
        connections.destroy();
    }
}

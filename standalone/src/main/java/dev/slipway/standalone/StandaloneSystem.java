package dev.slipway.standalone;

import dev.slipway.gateway.GatewayApplication;
import dev.slipway.standalone.broker.InMemoryBroker;
import dev.slipway.worker.WorkerApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * The gateway and one worker as two application contexts in this JVM, on the local services or on
 * an in-process broker and a private redis-server. Stops in the order that loses nothing it can
 * keep: the gateway (no new jobs), the worker (running jobs handed back), then Redis.
 */
final class StandaloneSystem {

    private static final Logger log = LoggerFactory.getLogger(StandaloneSystem.class);

    /** Spring Boot's RabbitMQ auto-configurations, off when the broker is in-process. */
    private static final String RABBIT_AUTO_CONFIGURATIONS = String.join(
            ",",
            "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.health.RabbitHealthContributorAutoConfiguration",
            "org.springframework.boot.amqp.autoconfigure.metrics.RabbitMetricsAutoConfiguration");

    /** What the system runs on, and how to sign in, for the start-up message. */
    record Running(boolean embedded, int redisPort, AdminToken adminToken) {}

    private final StandaloneOptions options;
    private @Nullable EmbeddedRedis redis;
    private @Nullable ConfigurableApplicationContext worker;
    private @Nullable ConfigurableApplicationContext gateway;
    private boolean stopped;

    StandaloneSystem(StandaloneOptions options) {
        this.options = options;
    }

    synchronized Running start() throws Exception {
        boolean embedded = switch (options.services()) {
            case EMBEDDED -> true;
            case AUTO -> !LocalServices.bothListen();
            case LOCAL -> {
                if (!LocalServices.bothListen()) {
                    throw new IllegalStateException(
                            "--services=local, but RabbitMQ (127.0.0.1:" + LocalServices.RABBITMQ_PORT
                                    + ") and Redis (127.0.0.1:" + LocalServices.REDIS_PORT + ") do not both listen");
                }
                yield false;
            }
        };
        Map<String, Object> common = new HashMap<>();
        // Two applications in one JVM: each keeps its metrics to itself.
        common.put("management.metrics.use-global-registry", false);
        InMemoryBroker broker = null;
        if (embedded) {
            redis = EmbeddedRedis.start(options.stateDirectory());
            broker = new InMemoryBroker();
            common.put("slipway.broker", "in-process");
            common.put("spring.data.redis.host", "127.0.0.1");
            common.put("spring.data.redis.port", redis.port());
            common.put("spring.autoconfigure.exclude", RABBIT_AUTO_CONFIGURATIONS);
        }
        List<Class<?>> gatewaySources = new ArrayList<>(List.of(GatewayApplication.class));
        List<Class<?>> workerSources = new ArrayList<>(List.of(WorkerApplication.class));
        Map<String, Object> gatewaySettings = new HashMap<>(common);
        Map<String, Object> workerSettings = new HashMap<>(common);
        if (embedded) {
            gatewaySettings.put("management.endpoint.health.group.readiness.include", "readinessState,redis");
            workerSettings.put("management.endpoint.health.group.readiness.include", "readinessState,redis,docker");
            // Nothing outlives this JVM here, so a running job has nothing to finish for: stop at once.
            workerSettings.put("slipway.worker.drain-timeout", "0s");
            // Environments' records live in the private Redis, which ends with this JVM: their
            // containers go with it, or they would be left running with nothing to show them.
            workerSettings.put("slipway.worker.environments.remove-on-shutdown", true);
            gatewaySources.add(InProcessBrokerWiring.Gateway.class);
            workerSources.add(InProcessBrokerWiring.Worker.class);
        }
        AdminToken adminToken = AdminToken.resolve(options.stateDirectory(), System.getenv("SLIPWAY_ADMIN_TOKEN"));
        gatewaySettings.put("slipway.gateway.auth.admin-token", adminToken.value());
        gatewaySettings.put("server.port", options.gatewayPort());
        workerSettings.put("server.port", options.workerPort());
        worker = run(workerSources, workerSettings, broker);
        gateway = run(gatewaySources, gatewaySettings, broker);
        return new Running(embedded, redis == null ? LocalServices.REDIS_PORT : redis.port(), adminToken);
    }

    /** Idempotent; safe to call from a shutdown hook while {@link #start()} failed half-way. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        closeQuietly(gateway, "gateway");
        closeQuietly(worker, "worker");
        if (redis != null) {
            redis.close();
        }
    }

    private ConfigurableApplicationContext run(
            List<Class<?>> sources, Map<String, Object> settings, @Nullable InMemoryBroker broker) {
        SpringApplication application = new SpringApplication(sources.toArray(Class<?>[]::new));
        application.setRegisterShutdownHook(false); // stopped in order by stop()
        // One log for both: the logger names (dev.slipway.gateway / .worker) tell them apart, while
        // the application name in each line would be whichever context set up logging last.
        application.setDefaultProperties(Map.of("logging.include-application-name", "false"));
        application.addInitializers(context -> {
            // Above the applications' defaults and files, below what the user passed on the command line.
            MutablePropertySources propertySources = context.getEnvironment().getPropertySources();
            MapPropertySource standalone = new MapPropertySource("slipwayStandalone", settings);
            if (propertySources.contains(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME)) {
                propertySources.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME, standalone);
            } else {
                propertySources.addFirst(standalone);
            }
            if (broker != null) {
                context.getBeanFactory().registerSingleton("inMemoryBroker", broker);
            }
        });
        return application.run(options.passThrough().toArray(String[]::new));
    }

    private static void closeQuietly(@Nullable ConfigurableApplicationContext context, String name) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("Stopping the {} failed: {}", name, e.toString());
        }
    }
}

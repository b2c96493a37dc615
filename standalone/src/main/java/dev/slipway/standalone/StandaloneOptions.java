package dev.slipway.standalone;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.SimpleCommandLinePropertySource;

/**
 * The launcher's own options; every other argument goes to both applications as Spring properties
 * (e.g. {@code --slipway.worker.slots=4}).
 *
 * @param services where RabbitMQ and Redis come from
 * @param gatewayPort the HTTP port of the API
 * @param workerPort the worker's health port
 * @param stateDirectory where the private redis-server keeps its pid file and output
 * @param passThrough the arguments for the applications
 */
record StandaloneOptions(
        Services services, int gatewayPort, int workerPort, Path stateDirectory, List<String> passThrough) {

    enum Services {
        /** The local RabbitMQ and Redis when both listen on their default ports, else embedded. */
        AUTO,
        /** An in-process job broker and a private redis-server. */
        EMBEDDED,
        /** RabbitMQ on 127.0.0.1:5672 and Redis on 127.0.0.1:6379 (or as the spring.* arguments say). */
        LOCAL
    }

    static final String USAGE = """
            Usage: slipway-standalone [--services=auto|embedded|local] [--port=8080] [--worker-port=8081]
                                      [--state-dir=DIR] [--any.spring.property=value ...]
              --services  auto (default): the local RabbitMQ and Redis when both listen, else embedded;
                          embedded: an in-process job broker and a private redis-server;
                          local: RabbitMQ and Redis on this machine's default ports.
                          Also SLIPWAY_SERVICES.
              Other --name=value arguments are Spring properties for gateway and worker alike.
            """;

    private static final Set<String> OWN = Set.of("services", "port", "worker-port", "state-dir", "help");

    /** @throws IllegalArgumentException naming the option and what is wrong with it */
    static StandaloneOptions parse(String[] args, String servicesFromEnvironment) {
        SimpleCommandLinePropertySource parsed = new SimpleCommandLinePropertySource(args);
        String services = parsed.getProperty("services");
        if (services == null) {
            services = servicesFromEnvironment == null || servicesFromEnvironment.isBlank()
                    ? "auto"
                    : servicesFromEnvironment;
        }
        Services chosen;
        try {
            chosen = Services.valueOf(services.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--services must be auto, embedded or local, not '" + services + "'");
        }
        String stateDirectory = parsed.getProperty("state-dir");
        List<String> passThrough = Arrays.stream(args)
                .filter(arg -> !arg.startsWith("--") || !OWN.contains(optionName(arg)))
                .toList();
        return new StandaloneOptions(
                chosen,
                port(parsed, "port", 8080),
                port(parsed, "worker-port", 8081),
                stateDirectory != null
                        ? Path.of(stateDirectory)
                        : Path.of(
                                System.getProperty("java.io.tmpdir"),
                                "slipway-standalone-" + System.getProperty("user.name")),
                passThrough);
    }

    static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"));
    }

    private static String optionName(String arg) {
        int equals = arg.indexOf('=');
        return equals < 0 ? arg.substring(2) : arg.substring(2, equals);
    }

    private static int port(SimpleCommandLinePropertySource parsed, String name, int fallback) {
        String value = parsed.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a port number (0-65535), not '" + value + "'");
    }
}

package dev.slipway.standalone;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar slipway-standalone.jar}: the whole system in one process, until Ctrl-C. */
public final class StandaloneLauncher {

    private static final Logger log = LoggerFactory.getLogger(StandaloneLauncher.class);

    private StandaloneLauncher() {}

    public static void main(String[] args) {
        if (StandaloneOptions.wantsHelp(args)) {
            System.out.print(StandaloneOptions.USAGE);
            return;
        }
        StandaloneOptions options;
        try {
            options = StandaloneOptions.parse(args, System.getenv("SLIPWAY_SERVICES"));
        } catch (IllegalArgumentException e) {
            System.err.println("slipway: " + e.getMessage());
            System.err.print(StandaloneOptions.USAGE);
            System.exit(2);
            return;
        }
        StandaloneSystem system = new StandaloneSystem(options);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("slipway-stop").unstarted(system::stop));
        StandaloneSystem.Running running;
        try {
            running = system.start();
        } catch (Exception e) {
            log.error("Slipway could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        String url = "http://localhost:" + options.gatewayPort();
        System.out.println();
        System.out.println("slipway: up at " + url + " (gateway and one worker in this process, pid "
                + ProcessHandle.current().pid() + ")");
        System.out.println(
                running.embedded()
                        ? "slipway: on an in-process job broker and a private redis-server (127.0.0.1:"
                                + running.redisPort() + "); jobs and logs last until this process stops"
                        : "slipway: on the local RabbitMQ (127.0.0.1:5672) and Redis (127.0.0.1:6379), which were already running");
        Path tokenFile = running.adminToken().file();
        String authorization;
        if (tokenFile == null) {
            System.out.println("slipway: sign in as admin with the token in SLIPWAY_ADMIN_TOKEN");
            authorization = "Authorization: Bearer $SLIPWAY_ADMIN_TOKEN";
        } else {
            System.out.println("slipway: sign in as admin with the token in " + tokenFile + " (mode 0600)");
            authorization = "Authorization: Bearer $(cat " + tokenFile + ")";
        }
        System.out.println(
                "slipway: try  curl -X POST " + url + "/api/v1/jobs -H \"" + authorization + "\""
                        + " -H 'Content-Type: application/json' -d '{\"image\":\"busybox:latest\",\"script\":[\"echo hello\"]}'");
        System.out.println("slipway: the console is at " + url + "/ (paste the token to sign in); the API's"
                + " description at " + url + "/swagger-ui.html");
        System.out.println("slipway: Ctrl-C stops everything it started");
    }
}

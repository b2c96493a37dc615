package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The machine the end-to-end tests run on: its Docker engine (asked through its CLI) and its programs. */
final class Host {

    private Host() {}

    /** Ids of the containers, running or not, labelled as the job's. */
    static List<String> containersOf(String jobId) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=slipway.job=" + jobId).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+", -1));
    }

    /** The Docker state ("running", "paused", "exited"...) of the job's containers, by attempt. */
    static Map<Integer, String> containerStatesOf(String jobId) throws Exception {
        Process ps = new ProcessBuilder(
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=slipway.job=" + jobId,
                        "--format",
                        "{{.Label \"slipway.attempt\"}} {{.State}}")
                .start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        Map<Integer, String> states = new TreeMap<>();
        for (String line : out.isEmpty() ? new String[0] : out.split("\n", -1)) {
            String[] parts = line.strip().split(" ", 2);
            states.put(Integer.parseInt(parts[0]), parts[1]);
        }
        return states;
    }

    /** The Docker state ("running", "exited"...) of the environment's container; empty when there is none. */
    static String environmentContainerState(String environmentId) throws Exception {
        Process ps = new ProcessBuilder(
                        "docker",
                        "ps",
                        "-a",
                        "--filter",
                        "label=slipway.env=" + environmentId,
                        "--format",
                        "{{.State}}")
                .start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Removes every container a worker labelled as its own: what a test leaves behind on failure. */
    static void removeContainersOfWorker(String workerId) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=slipway.worker=" + workerId).start();
        String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        for (String id : out.isEmpty() ? new String[0] : out.split("\\s+", -1)) {
            run("docker", "rm", "-f", id);
        }
    }

    /** Whether the host's engine has an image by that name. */
    static boolean imageExists(String reference) throws Exception {
        Process inspect = new ProcessBuilder("docker", "image", "inspect", reference)
                .redirectErrorStream(true)
                .start();
        inspect.getInputStream().readAllBytes();
        assertThat(inspect.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return inspect.exitValue() == 0;
    }

    /** Runs a program to its end; fails the test when it does not finish in a minute or exits non-zero. */
    static void run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", List.of(argv))
                .isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(argv), out).isZero();
    }

    /** A command to the tests' Redis, through redis-cli. */
    static void redis(String... command) throws Exception {
        TestServices.Endpoint redis = TestServices.redis();
        List<String> argv =
                new ArrayList<>(List.of("redis-cli", "-h", redis.host(), "-p", String.valueOf(redis.port())));
        argv.addAll(List.of(command));
        run(argv.toArray(String[]::new));
    }

    /** Whether a program of that name is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

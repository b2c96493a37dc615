package dev.slipway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

package dev.slipway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

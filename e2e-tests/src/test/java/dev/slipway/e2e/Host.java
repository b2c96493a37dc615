package dev.slipway.e2e;

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
        String out = new String(ps.getInputStream().readAllBytes()).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Whether a program of that name is on the PATH. */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}

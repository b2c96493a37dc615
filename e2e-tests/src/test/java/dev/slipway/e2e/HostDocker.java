package dev.slipway.e2e;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local Docker engine, asked through its CLI: what end-to-end tests check is left behind. */
final class HostDocker {

    private HostDocker() {}

    /** Ids of the containers, running or not, labelled as the job's. */
    static List<String> containersOf(String jobId) throws Exception {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=slipway.job=" + jobId).start();
        String out = new String(ps.getInputStream().readAllBytes()).strip();
        ps.waitFor(10, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }
}

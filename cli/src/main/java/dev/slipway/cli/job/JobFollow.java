package dev.slipway.cli.job;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.model.JobState;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Follows one job's log to its end and says how it ended: what {@code run} and {@code logs -f} share. */
final class JobFollow {

    private final CliContext context;
    private final ApiClient api;

    JobFollow(CliContext context, ApiClient api) {
        this.context = context;
        this.api = api;
    }

    /**
     * @param gatewayReached whether the gateway answered just now, so that a refused first
     *     connection is an outage to wait out rather than a wrong URL
     * @return the exit code the job's end maps to
     */
    int follow(String jobId, boolean gatewayReached) throws IOException, InterruptedException {
        return follow(jobId, gatewayReached, LogFollower.SILENCE_LIMIT);
    }

    int follow(String jobId, boolean gatewayReached, java.time.Duration silenceLimit)
            throws IOException, InterruptedException {
        String path = "/api/v1/jobs/" + ApiClient.segment(jobId) + "/logs";
        LogFollower follower = new LogFollower(
                lastEventId -> {
                    Map<String, String> headers = new HashMap<>();
                    headers.put("Accept", "text/event-stream");
                    if (lastEventId != null) {
                        headers.put("Last-Event-ID", lastEventId);
                    }
                    return api.stream(path, headers);
                },
                new LogFollower.Output() {
                    @Override
                    public void stdout(String line) {
                        context.out().println(line);
                    }

                    @Override
                    public void stderr(String line) {
                        context.err().println(line);
                    }
                },
                context::notice,
                duration -> Thread.sleep(duration),
                context.json(),
                gatewayReached,
                silenceLimit);
        JobEnd end = follower.follow();
        context.out().flush();
        if (end.state() != JobState.SUCCEEDED) {
            describe(jobId, end);
        }
        return JobOutcome.exitCode(end);
    }

    private void describe(String jobId, JobEnd end) throws IOException, InterruptedException {
        JsonNode job = api.get("/api/v1/jobs/" + ApiClient.segment(jobId));
        String error = job.path("error").isString() ? ": " + job.path("error").asString() : "";
        String exit = end.exitCode() == null ? "" : " (exit code " + end.exitCode() + ")";
        context.notice("job " + jobId + " " + end.state() + exit + error);
    }
}

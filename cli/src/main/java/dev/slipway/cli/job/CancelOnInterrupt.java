package dev.slipway.cli.job;

import dev.slipway.cli.config.CliContext;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.cli.http.ApiException;
import dev.slipway.cli.output.ExitCodes;
import dev.slipway.cli.tty.Tty;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C while following a job: ask on the terminal whether to cancel it. Yes cancels and keeps
 * following, so the command ends with the job ({@link ExitCodes#CANCELLED}); no keeps following.
 * Without a terminal to ask on, the job keeps running and the command exits at once; a second
 * Ctrl-C while the question is open does the same.
 */
final class CancelOnInterrupt implements Runnable {

    private final CliContext context;
    private final ApiClient api;
    private final String jobId;
    private final AtomicBoolean asking = new AtomicBoolean();

    CancelOnInterrupt(CliContext context, ApiClient api, String jobId) {
        this.context = context;
        this.api = api;
        this.jobId = jobId;
    }

    @Override
    public void run() {
        if (!asking.compareAndSet(false, true)) {
            leaveRunning();
            return;
        }
        Optional<Boolean> answer = Tty.confirm("cancel job " + jobId + "?");
        if (answer.isEmpty()) {
            leaveRunning();
            return;
        }
        if (answer.get()) {
            try {
                api.post("/api/v1/jobs/" + ApiClient.segment(jobId) + "/cancel", null);
                context.notice("cancel requested; following the job to its end");
            } catch (ApiException e) {
                context.notice("cancel refused: " + e.getMessage());
            } catch (IOException e) {
                context.notice("cancel failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        asking.set(false);
    }

    private void leaveRunning() {
        context.out().flush();
        context.notice("interrupted; job " + jobId + " keeps running (slipway jobs cancel " + jobId + ")");
        System.exit(ExitCodes.CANCELLED);
    }
}

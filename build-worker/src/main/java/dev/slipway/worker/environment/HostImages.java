package dev.slipway.worker.environment;

import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.HostImage;
import dev.slipway.model.ImagePullProgress;
import dev.slipway.model.WorkerId;
import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ContainerRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This host's part of the image catalogue: which of the templates' images it has (reported every
 * {@link #REPORT_INTERVAL}), and the pulls operators ask of it, with their progress. A pull's
 * progress is written at most every {@link #PROGRESS_INTERVAL}, and at its end.
 */
@Component
public class HostImages {

    private static final Logger log = LoggerFactory.getLogger(HostImages.class);
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final EnvironmentRuntime runtime;
    private final ImageReports reports;
    private final WorkerProperties properties;
    private final Clock clock;
    private final WorkerId me;

    HostImages(EnvironmentRuntime runtime, ImageReports reports, WorkerProperties properties, Clock clock) {
        this.runtime = runtime;
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
        this.me = properties.workerId();
    }

    /** Reports which of the templates' images this host has. */
    void report() {
        List<HostImage> present = new ArrayList<>();
        for (String image : reports.templateImages()) {
            try {
                runtime.image(image).ifPresent(present::add);
            } catch (ContainerRuntimeException e) {
                log.warn("Could not inspect image {} ({}); leaving it out of this report", image, e.getMessage());
            }
        }
        reports.report(me, present, REPORT_INTERVAL.multipliedBy(3));
    }

    /** Pulls an image as an operator asked, recording how it goes; reports the host's images again after. */
    void pull(EnvironmentCommand.PullImage request) {
        AtomicLong lastWrite = new AtomicLong();
        record(request, ImagePullProgress.State.PULLING, new EnvironmentRuntime.PullProgress(0, 0, 0, 0), null);
        EnvironmentRuntime.PullProgress[] last = {new EnvironmentRuntime.PullProgress(0, 0, 0, 0)};
        try {
            runtime.pull(request.image(), properties.pullTimeout(), progress -> {
                last[0] = progress;
                long now = System.nanoTime();
                long previous = lastWrite.get();
                if (now - previous >= PROGRESS_INTERVAL.toNanos() && lastWrite.compareAndSet(previous, now)) {
                    record(request, ImagePullProgress.State.PULLING, progress, null);
                }
            });
            EnvironmentRuntime.PullProgress done = last[0];
            record(
                    request,
                    ImagePullProgress.State.DONE,
                    new EnvironmentRuntime.PullProgress(
                            done.layersTotal(), done.layersTotal(), done.bytesTotal(), done.bytesTotal()),
                    null);
            log.info("Pulled image {} as asked (pull {})", request.image(), request.pullId());
        } catch (RuntimeException e) { // the engine's refusal, or a failure in recording the progress
            log.warn("Pull {} of image {} failed: {}", request.pullId(), request.image(), e.toString());
            try {
                record(request, ImagePullProgress.State.FAILED, last[0], String.valueOf(e.getMessage()));
            } catch (RuntimeException unrecorded) {
                log.warn("Could not record the failure of pull {} ({})", request.pullId(), unrecorded.toString());
            }
        }
        try {
            report();
        } catch (RuntimeException e) {
            log.warn("Could not report the host's images after a pull ({})", e.toString());
        }
    }

    private void record(
            EnvironmentCommand.PullImage request,
            ImagePullProgress.State state,
            EnvironmentRuntime.PullProgress progress,
            @Nullable String error) {
        Instant now = clock.instant();
        reports.progress(
                request.pullId(),
                me,
                new ImagePullProgress(
                        state,
                        progress.layersDone(),
                        progress.layersTotal(),
                        progress.bytesDone(),
                        progress.bytesTotal(),
                        error,
                        now));
    }
}

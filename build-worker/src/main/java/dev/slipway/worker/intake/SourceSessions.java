package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader's loop over one session with the job source: a job slot's, or an environment reader's.
 * It takes one step after another on the session while the reader goes on; a session that breaks
 * (the broker went away, Redis refused a claim) is closed, which returns what it held, and another
 * is opened after a backoff.
 */
public final class SourceSessions {

    private static final Logger log = LoggerFactory.getLogger(SourceSessions.class);

    /** Between tries to reach the job source or Redis again: 100 ms, doubling, at most 5 s. */
    public static final IntervalFunction RETRY =
            IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2, Duration.ofSeconds(5));

    private SourceSessions() {}

    /** One step of a reader on its session: take a message, or wait a little, and deal with it. */
    @FunctionalInterface
    public interface Step {
        void take(JobSource.Session session) throws IOException, InterruptedException;
    }

    /** Runs {@code step} on a session until {@code going} is false; {@code reader} names it in the log. */
    public static void run(String reader, JobSource source, BooleanSupplier going, Step step) {
        int failures = 0;
        while (going.getAsBoolean()) {
            try (JobSource.Session session = source.open()) {
                failures = 0;
                while (going.getAsBoolean()) {
                    step.take(session);
                }
            } catch (Exception e) {
                if (going.getAsBoolean()) {
                    long delay = RETRY.apply(++failures);
                    log.warn(
                            "{} lost its session with the job source ({}); retrying in {} ms",
                            reader,
                            e.toString(),
                            delay);
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}

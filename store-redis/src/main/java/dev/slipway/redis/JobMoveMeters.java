package dev.slipway.redis;

import dev.slipway.model.JobRecord;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The meters of job moves, the same in gateway and worker: each application counts the moves it
 * applied (the workers claims and most ends, the gateway cancels of queued jobs), and Prometheus
 * adds the two up. Durations are measured between moments of the job record, which gateways and
 * workers stamp with their own clocks: keep them in step (NTP), or the wait of a job created on one
 * host and claimed on another is off by the difference.
 */
public final class JobMoveMeters implements RedisJobTransitions.AppliedMoves {

    /** Buckets for waits and runs of builds: a second to a day. */
    private static final Duration[] JOB_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(4),
        Duration.ofHours(24)
    };

    /** Buckets for picking a job up: milliseconds to minutes. */
    private static final Duration[] DISPATCH_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        Duration.ofMinutes(10)
    };

    private final MeterRegistry registry;

    public JobMoveMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void applied(JobRecord before, JobTransition move) {
        Instant at = move.event().at();
        String pool = before.pool();
        if (before.state() == JobState.QUEUED && move.to() == JobState.RUNNING) {
            record(dispatchLatency(pool), before.times().updated(), at);
            if (move.toAttempt() == 1) {
                record(queueWait(pool), before.times().created(), at);
            }
        }
        if (move.to().isTerminal()) {
            Counter.builder("slipway.jobs.finished")
                    .description("Jobs that reached a final state (SUCCEEDED, FAILED, CANCELLED, TIMED_OUT ...)")
                    .tag("state", move.to().name())
                    .tag("pool", pool)
                    .register(registry)
                    .increment();
            if (before.state() == JobState.RUNNING || before.state() == JobState.CANCELLING) {
                record(runTime(pool, move.to()), before.times().started(), at);
            }
        }
    }

    private Timer queueWait(String pool) {
        return Timer.builder("slipway.jobs.queue.wait")
                .description("From a job's creation to the start of its first attempt (a worker claimed it)")
                .tag("pool", pool)
                .serviceLevelObjectives(JOB_BUCKETS)
                .register(registry);
    }

    private Timer dispatchLatency(String pool) {
        return Timer.builder("slipway.jobs.dispatch.latency")
                .description("From a job (re)entering QUEUED to a worker claiming it, every attempt;"
                        + " a retry's includes its backoff")
                .tag("pool", pool)
                .serviceLevelObjectives(DISPATCH_BUCKETS)
                .register(registry);
    }

    private Timer runTime(String pool, JobState end) {
        return Timer.builder("slipway.jobs.run.time")
                .description("From the start of a job's last attempt to its final state")
                .tag("pool", pool)
                .tag("state", end.name())
                .serviceLevelObjectives(JOB_BUCKETS)
                .register(registry);
    }

    private static void record(Timer timer, @Nullable Instant from, Instant to) {
        if (from != null && !to.isBefore(from)) {
            timer.record(Duration.between(from, to));
        }
    }
}

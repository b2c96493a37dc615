package dev.slipway.worker.intake;

import dev.slipway.worker.config.WorkerProperties;
import dev.slipway.worker.execution.ActiveAttempts;
import dev.slipway.worker.execution.RunningAttempt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the worker's slots, and on shutdown drains them: no new jobs are taken; running ones may go
 * on for the drain timeout; the rest are stopped and handed back to the queue, so no job is left
 * RUNNING on a worker that is gone. Stops before everything else (highest phase), while Redis,
 * the job source and Docker are still there for the hand-back.
 */
@Component
class JobIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobIntake.class);

    private final SlotParts parts;
    private final ActiveAttempts active;
    private final WorkerProperties properties;
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean running;

    JobIntake(SlotParts parts, ActiveAttempts active, WorkerProperties properties) {
        this.parts = parts;
        this.active = active;
        this.properties = properties;
    }

    @Override
    public void start() {
        for (int i = 1; i <= properties.slots(); i++) {
            Slot slot = new Slot(i, parts);
            slots.add(slot);
            slot.start();
        }
        running = true;
        log.info(
                "Worker {} takes jobs from {} with {} slots",
                properties.workerId(),
                parts.queues().current().queues(),
                properties.slots());
    }

    @Override
    public void stop() {
        parts.gate().set(IntakeGate.Hold.SHUTDOWN, Optional.of("shutting down"));
        slots.forEach(Slot::stopTaking);
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        if (!active.isEmpty()) {
            log.info(
                    "Draining: {} running jobs may go on for up to {}",
                    active.all().size(),
                    properties.drainTimeout());
        }
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(100));
        }
        for (RunningAttempt attempt : active.all()) {
            log.info("Handing job {} attempt {} back to the queue", attempt.job(), attempt.attempt());
            attempt.requestStop(RunningAttempt.StopReason.HAND_BACK);
        }
        Duration patience = properties.stopGracePeriod().plusSeconds(20);
        for (Slot slot : slots) {
            slot.awaitEnd(patience);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.slipway.worker.intake;

import dev.slipway.messaging.JobSource;
import dev.slipway.worker.execution.JobRunner;
import org.springframework.stereotype.Component;

/** What every slot works with: where jobs come from, how they are read, claimed and run, and the gate. */
@Component
record SlotParts(
        JobSource source,
        IntakeQueues queues,
        JobMessageReader reader,
        JobClaims claims,
        JobRunner runner,
        IntakeGate gate) {}

package dev.slipway.worker.recovery;

import dev.slipway.messaging.JobPublisher;
import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import dev.slipway.model.JobSpec;
import dev.slipway.model.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Publishes the jobs whose dispatch time has come, each for the attempt it waits for. */
@Component
record Dispatcher(DispatchSchedule dispatches, JobPublisher publisher, JsonMapper json, Clock clock) {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 100;
    /** Long enough to publish and be confirmed; a dispatcher that dies holding an entry delays it this long. */
    private static final Duration HOLD = Duration.ofSeconds(30);

    void publishDue() {
        Instant now = clock.instant();
        for (JobId job : dispatches.due(now, BATCH)) {
            Instant holdUntil = now.plus(HOLD);
            Optional<DispatchSchedule.Pending> pending = dispatches.take(job, now, holdUntil);
            if (pending.isEmpty()) {
                continue;
            }
            if (pending.get().state() == JobState.QUEUED) {
                JobSpec spec = json.readValue(pending.get().specJson(), JobSpec.class);
                publisher.publish(JobMessage.forAttempt(job, spec, pending.get().attempt() + 1));
                log.info("Published job {} for attempt {}", job, pending.get().attempt() + 1);
            }
            dispatches.release(job, holdUntil);
        }
    }
}

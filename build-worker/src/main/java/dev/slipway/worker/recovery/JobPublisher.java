package dev.slipway.worker.recovery;

import dev.slipway.model.JobMessage;

/** Puts a job message on its pool's queue. */
public interface JobPublisher {

    /** Returns once the broker confirmed the message; throws when it did not. */
    void publish(JobMessage message);
}

package dev.slipway.model;

/**
 * The body of a message on a pool's job queue.
 *
 * @param version the schema version; a worker rejects versions it does not know to the dead-letter queue
 */
public record JobMessage(int version, JobId jobId, JobSpec spec) {

    public static final int CURRENT_VERSION = 1;

    public static JobMessage of(JobId jobId, JobSpec spec) {
        return new JobMessage(CURRENT_VERSION, jobId, spec);
    }
}

package dev.slipway.gateway.job;

import dev.slipway.model.JobId;

/**
 * Neither the broker confirmed a job nor could its record be removed: it may run (a worker's
 * dispatcher publishes a recorded job whose first message was never confirmed). The client gets a
 * 503 that names the job, so it can look before it submits again.
 */
public class SubmissionUncertainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient JobId jobId;

    public SubmissionUncertainException(JobId jobId, Throwable cause) {
        super("job " + jobId + " was neither confirmed by the broker nor withdrawn", cause);
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}

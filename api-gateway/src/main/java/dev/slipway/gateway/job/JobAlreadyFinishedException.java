package dev.slipway.gateway.job;

import dev.slipway.model.JobState;

/** A request that only makes sense for a job that has not ended, such as a cancel, made for one that has. */
public class JobAlreadyFinishedException extends RuntimeException {

    private final String jobId;
    private final JobState state;

    public JobAlreadyFinishedException(String jobId, JobState state) {
        super("job " + jobId + " already ended " + state);
        this.jobId = jobId;
        this.state = state;
    }

    public String jobId() {
        return jobId;
    }

    public JobState state() {
        return state;
    }
}

package dev.slipway.model;

/**
 * How a compare-and-set update of a job ended: read the record, decide a move, apply it if the job
 * did not change meanwhile, and read again if it did.
 */
public sealed interface JobUpdate {

    /** The move was made. */
    record Applied(JobTransition transition) implements JobUpdate {}

    /**
     * No move was made, because the decision was to make none given the job as it is, or because the
     * move's condition on the lease no longer held (the worker renewed it meanwhile).
     */
    record Declined(JobRecord current) implements JobUpdate {}

    /** There is no such job (never recorded, or expired after its retention). */
    record Missing() implements JobUpdate {}

    /** The job kept changing under every attempt to move it: nothing was changed. */
    record Contended(JobRecord last) implements JobUpdate {}
}

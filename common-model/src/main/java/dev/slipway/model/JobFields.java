package dev.slipway.model;

/** Field names of the job hash at {@link RedisKeys#job}. Times are epoch milliseconds. */
public final class JobFields {

    public static final String SPEC = "spec";
    public static final String STATE = "state";
    /** The name of the user who submitted the job. */
    public static final String OWNER = "owner";

    public static final String ATTEMPT = "attempt";
    public static final String WORKER = "workerId";
    public static final String EXIT_CODE = "exitCode";
    public static final String ERROR = "error";
    public static final String CREATED_AT = "createdAt";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    public static final String UPDATED_AT = "updatedAt";
    /** Attempts that ended in a platform failure (lost worker, Docker error); counted against maxAttempts. */
    public static final String FAILURES = "failures";
    /** Set when a cancel was asked for, epoch ms. */
    public static final String CANCEL_REQUESTED_AT = "cancelRequestedAt";
    /** JSON list of the images an image build job pushed ({@link PushedImage}), written by its attempt. */
    public static final String IMAGES = "images";

    private JobFields() {}
}

package dev.slipway.gateway.job;

/** A submission past the owner's {@code maxActiveJobs}: a 429 naming the limit and the current count. */
public class ActiveJobLimitException extends RuntimeException {

    private final int limit;
    private final int active;

    public ActiveJobLimitException(int limit, int active) {
        super("active job limit " + limit + " reached (" + active + " active)");
        this.limit = limit;
        this.active = active;
    }

    public int limit() {
        return limit;
    }

    public int active() {
        return active;
    }
}

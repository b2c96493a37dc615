package dev.slipway.gateway.identity;

/** A token made more requests than its rate limit allows: a 429 with {@code Retry-After}. */
public class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;
    private final long perSecond;
    private final long burst;

    RateLimitedException(long retryAfterSeconds, long perSecond, long burst) {
        super("rate limit of " + perSecond + " requests per second (burst " + burst + ") exceeded");
        this.retryAfterSeconds = retryAfterSeconds;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public long perSecond() {
        return perSecond;
    }

    public long burst() {
        return burst;
    }
}

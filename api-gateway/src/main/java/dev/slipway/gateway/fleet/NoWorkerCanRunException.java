package dev.slipway.gateway.fleet;

import java.util.Map;

/** A job whose constraints no live worker of its pool satisfies. */
public class NoWorkerCanRunException extends RuntimeException {

    private final Map<String, String> constraints;
    private final String offered;

    public NoWorkerCanRunException(Map<String, String> constraints, String offered) {
        super("no worker can run a job with constraints " + constraints + ": " + offered);
        this.constraints = constraints;
        this.offered = offered;
    }

    public Map<String, String> constraints() {
        return constraints;
    }

    /** What the pool's workers offer instead, in words. */
    public String offered() {
        return offered;
    }
}

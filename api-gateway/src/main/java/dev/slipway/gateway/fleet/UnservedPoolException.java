package dev.slipway.gateway.fleet;

/** A job for a pool that no worker served lately and that the gateway does not declare. */
public class UnservedPoolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pool;

    public UnservedPoolException(String pool) {
        super("no worker served pool '" + pool + "' lately, and slipway.gateway.pools does not declare it");
        this.pool = pool;
    }

    public String pool() {
        return pool;
    }
}

package dev.slipway.artifacts;

/** An object past the size its writer allowed: nothing of it was stored. */
public class TooLargeException extends ArtifactStoreException {

    private final long maxBytes;

    public TooLargeException(ObjectKey key, long maxBytes) {
        super("'" + key + "' is larger than " + maxBytes + " bytes", null);
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}

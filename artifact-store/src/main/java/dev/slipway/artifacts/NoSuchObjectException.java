package dev.slipway.artifacts;

/** No object under the key asked for. */
public class NoSuchObjectException extends ArtifactStoreException {

    public NoSuchObjectException(ObjectKey key) {
        super("no object '" + key + "'", null);
    }
}

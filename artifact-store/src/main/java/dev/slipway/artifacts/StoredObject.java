package dev.slipway.artifacts;

/**
 * An object as stored.
 *
 * @param sha256 the SHA-256 of its bytes, in lower-case hex
 */
public record StoredObject(ObjectKey key, long size, String sha256) {}

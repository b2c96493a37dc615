package dev.slipway.artifacts;

import java.io.InputStream;
import java.util.Optional;

/**
 * Objects by key, written once and read whole or by range. Keys are relative paths of non-empty
 * segments ({@link ObjectKey}); an object's bytes are streamed in and out, never held whole.
 *
 * <p>Implementers owe: {@link #put} is atomic (a reader sees the whole object or none, even when
 * the writer dies midway) and answers the size and SHA-256 of what it stored; a key put twice holds
 * the second object.
 */
public interface ArtifactStore {

    /**
     * Stores what {@code content} holds, to its end, under {@code key}.
     *
     * @param maxBytes past this many bytes nothing is stored and {@link TooLargeException} is thrown
     */
    StoredObject put(ObjectKey key, InputStream content, long maxBytes);

    /** The object's size, or empty when there is none under {@code key}. */
    Optional<Long> size(ObjectKey key);

    /**
     * The object's bytes from {@code offset}, at most {@code length} of them (to the end when
     * {@code length} is negative). The caller closes the stream.
     *
     * @throws NoSuchObjectException when there is none under {@code key}
     */
    InputStream open(ObjectKey key, long offset, long length);

    /** Removes the object; no object is no error. */
    void delete(ObjectKey key);

    /** Removes every object whose key starts with {@code prefix}'s segments (a job's artifacts). */
    void deleteAll(ObjectKey prefix);
}

package dev.slipway.gateway.upload;

import java.time.Instant;
import java.util.Optional;

/** Where uploads are recorded (their bytes are in the artifact store). */
public interface UploadRecords {

    /** Records an upload, and enters it in the expiry index at its {@code expiresAt}. */
    void record(Upload upload);

    Optional<Upload> find(String id);

    /**
     * Keeps a recorded upload at least until {@code until} (a job uses it), in one step with the
     * check that it is still recorded, so that a sweeper never deletes an upload a job was just
     * accepted with.
     *
     * @return false when there is no such upload: it expired (swept or not), or never was
     */
    boolean keepUntil(String id, Instant until);
}

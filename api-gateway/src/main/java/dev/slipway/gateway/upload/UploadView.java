package dev.slipway.gateway.upload;

import java.time.Instant;

/** What {@code POST /api/v1/uploads} answers: the id a job's {@code source.upload} names. */
record UploadView(String id, long size, String sha256, Instant expiresAt) {

    static UploadView of(Upload upload) {
        return new UploadView(upload.id(), upload.size(), upload.sha256(), upload.expiresAt());
    }
}

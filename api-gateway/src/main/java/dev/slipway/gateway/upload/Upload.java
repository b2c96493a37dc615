package dev.slipway.gateway.upload;

import java.time.Instant;

/**
 * An uploaded source archive, as recorded.
 *
 * @param sha256 of the bytes as uploaded (compressed, if they were)
 * @param expiresAt when it is deleted: a day after the upload, or as long as the records of the
 *     jobs that use it are kept
 */
public record Upload(String id, String owner, long size, String sha256, Instant createdAt, Instant expiresAt) {}

package dev.slipway.model;

/**
 * A file a job kept, as its listing shows it.
 *
 * @param path relative to the job's working directory, {@code /}-separated
 * @param sha256 of its bytes, lower-case hex: also its {@code ETag}
 */
public record ArtifactFile(String path, long size, String sha256) {}

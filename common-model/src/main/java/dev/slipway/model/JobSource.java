package dev.slipway.model;

import org.jspecify.annotations.Nullable;

/**
 * What a job's working directory holds before its script starts: exactly one of an uploaded tar
 * ({@code upload}, the id {@code POST /api/v1/uploads} answered) and a git repository.
 */
public record JobSource(@Nullable String upload, @Nullable GitSource git) {

    /** The key of an upload's bytes in the artifact store. */
    public static String uploadObjectKey(String uploadId) {
        return "uploads/" + uploadId;
    }
}

package dev.slipway.artifacts.config;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * {@code slipway.artifacts.*}, the same on gateways and workers: which store, and where.
 *
 * @param store {@code filesystem} (a directory gateways and workers share: one host, or a network
 *     file system) or {@code s3}
 * @param root the directory of the {@code filesystem} store
 * @param s3 the bucket of the {@code s3} store
 */
public record ArtifactStoreSettings(String store, Path root, S3 s3) {

    /**
     * @param endpoint for MinIO, Ceph RGW and other S3-compatible services; empty for AWS
     * @param accessKey empty for the SDK's default credentials (environment, profile, instance role)
     * @param spool where objects are written before their upload
     */
    public record S3(
            @Nullable URI endpoint,
            String region,
            @Nullable String bucket,
            boolean pathStyle,
            @Nullable String accessKey,
            @Nullable String secretKey,
            Path spool) {}
}

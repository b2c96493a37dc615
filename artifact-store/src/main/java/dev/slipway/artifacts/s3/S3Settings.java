package dev.slipway.artifacts.s3;

import java.net.URI;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to reach the bucket.
 *
 * @param endpoint the service's URL, for anything but AWS itself (MinIO, Ceph RGW); null for AWS
 * @param region the signing region; S3-compatible servers take any, e.g. {@code us-east-1}
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}: what
 *     MinIO and Ceph need unless their DNS has a name per bucket
 * @param accessKey with {@code secretKey}, static credentials; null for the SDK's default chain
 *     (environment, profile, instance role)
 * @param spool where an object is written first, to learn its size and checksum before the upload
 */
public record S3Settings(
        @Nullable URI endpoint,
        String region,
        String bucket,
        boolean pathStyle,
        @Nullable String accessKey,
        @Nullable String secretKey,
        Path spool) {}

package dev.slipway.artifacts.s3;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreException;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.artifacts.Sha256Counting;
import dev.slipway.artifacts.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in one bucket, named by their keys. A put spools the bytes to a local file first: S3
 * needs an object's length before its upload, and the checksum travels as the object's
 * {@code x-amz-meta-sha256}. Checksums the SDK would add by default are asked for only when
 * required, which S3-compatible servers that predate them (older MinIO, Ceph) refuse otherwise.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    private static final String SHA256 = "sha256";

    private final S3Client s3;
    private final String bucket;
    private final Path spool;

    S3ArtifactStore(S3Client s3, String bucket, Path spool) {
        this.s3 = s3;
        this.bucket = bucket;
        this.spool = spool;
    }

    public static S3ArtifactStore connect(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().build());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.accessKey() != null && settings.secretKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        try {
            Files.createDirectories(settings.spool());
        } catch (IOException e) {
            throw new ArtifactStoreException("cannot spool uploads in " + settings.spool() + ": " + e.getMessage(), e);
        }
        return new S3ArtifactStore(builder.build(), settings.bucket(), settings.spool());
    }

    @Override
    public StoredObject put(ObjectKey key, InputStream content, long maxBytes) {
        Path spooled = null;
        try {
            spooled = Files.createTempFile(spool, "upload-", ".part");
            Sha256Counting counted = new Sha256Counting(content, key, maxBytes);
            try (var out = Files.newOutputStream(spooled)) {
                counted.transferTo(out);
            }
            String sha256 = counted.sha256();
            s3.putObject(
                    request -> request.bucket(bucket).key(key.value()).metadata(Map.of(SHA256, sha256)),
                    RequestBody.fromFile(spooled));
            return new StoredObject(key, counted.count(), sha256);
        } catch (IOException | SdkException e) {
            throw new ArtifactStoreException(
                    "storing '" + key + "' in bucket " + bucket + " failed: " + e.getMessage(), e);
        } finally {
            if (spooled != null) {
                try {
                    Files.deleteIfExists(spooled);
                } catch (IOException ignored) {
                    // a spool file left behind costs disk, not correctness
                }
            }
        }
    }

    @Override
    public Optional<Long> size(ObjectKey key) {
        try {
            return Optional.of(s3.headObject(request -> request.bucket(bucket).key(key.value()))
                    .contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("reading the size of", key, e);
        } catch (SdkException e) {
            throw failure("reading the size of", key, e);
        }
    }

    @Override
    public InputStream open(ObjectKey key, long offset, long length) {
        if (length == 0) {
            if (size(key).isEmpty()) {
                throw new NoSuchObjectException(key);
            }
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder request =
                GetObjectRequest.builder().bucket(bucket).key(key.value());
        if (offset > 0 || length > 0) {
            request.range("bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1)));
        }
        try {
            return s3.getObject(request.build());
        } catch (NoSuchKeyException e) {
            throw new NoSuchObjectException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchObjectException(key);
            }
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // a range from the end: nothing left
            }
            throw failure("reading", key, e);
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public void delete(ObjectKey key) {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key.value()));
        } catch (SdkException e) {
            throw failure("deleting", key, e);
        }
    }

    /**
     * Deletes the objects one by one: a multi-object delete must carry a checksum header, which the
     * SDK now sends as a CRC that S3-compatible servers (s3proxy, older MinIO and Ceph) refuse.
     */
    @Override
    public void deleteAll(ObjectKey prefix) {
        try {
            ListObjectsV2Request list = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(prefix.value() + "/")
                    .build();
            for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
                s3.deleteObject(request -> request.bucket(bucket).key(object.key()));
            }
        } catch (SdkException e) {
            throw failure("deleting under", prefix, e);
        }
    }

    private ArtifactStoreException failure(String what, ObjectKey key, SdkException e) {
        return new ArtifactStoreException(
                what + " '" + key + "' in bucket " + bucket + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "the bucket " + bucket;
    }
}

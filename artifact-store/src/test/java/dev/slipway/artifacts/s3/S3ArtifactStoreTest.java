package dev.slipway.artifacts.s3;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The contract against S3's protocol, as s3proxy speaks it in this JVM on a loopback port over an
 * in-memory blob store: signed requests, path-style addressing, ranges, multi-object deletes.
 */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    private static final String ACCESS = "slipway-test";
    private static final String SECRET = "slipway-test-secret";

    private static S3Proxy proxy;
    private static URI endpoint;

    @TempDir
    Path spool;

    private S3ArtifactStore store;

    @BeforeAll
    static void startS3() throws Exception {
        BlobStoreContext memory = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(memory.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    @BeforeEach
    void connect() {
        String bucket = "b-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client admin = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                        .build())
                .build()) {
            admin.createBucket(request -> request.bucket(bucket));
        }
        store = S3ArtifactStore.connect(new S3Settings(endpoint, "us-east-1", bucket, true, ACCESS, SECRET, spool));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    protected ArtifactStore store() {
        return store;
    }
}

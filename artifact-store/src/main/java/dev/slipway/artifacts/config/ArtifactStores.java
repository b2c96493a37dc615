package dev.slipway.artifacts.config;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.filesystem.FilesystemArtifactStore;
import dev.slipway.artifacts.s3.S3ArtifactStore;
import dev.slipway.artifacts.s3.S3Settings;
import java.util.Locale;

/** The store the settings name, as both applications make it. */
public final class ArtifactStores {

    private ArtifactStores() {}

    public static ArtifactStore open(ArtifactStoreSettings settings) {
        return switch (settings.store().toLowerCase(Locale.ROOT)) {
            case "filesystem" -> new FilesystemArtifactStore(settings.root());
            case "s3" -> {
                ArtifactStoreSettings.S3 s3 = settings.s3();
                if (s3.bucket() == null || s3.bucket().isBlank()) {
                    throw new IllegalStateException(
                            "slipway.artifacts.s3.bucket is required with slipway.artifacts.store=s3");
                }
                yield S3ArtifactStore.connect(new S3Settings(
                        s3.endpoint(),
                        s3.region(),
                        s3.bucket(),
                        s3.pathStyle(),
                        blankToNull(s3.accessKey()),
                        blankToNull(s3.secretKey()),
                        s3.spool()));
            }
            default ->
                throw new IllegalStateException(
                        "slipway.artifacts.store must be filesystem or s3, was '" + settings.store() + "'");
        };
    }

    private static @org.jspecify.annotations.Nullable String blankToNull(
            @org.jspecify.annotations.Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

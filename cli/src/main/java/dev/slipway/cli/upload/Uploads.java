package dev.slipway.cli.upload;

import dev.slipway.cli.config.CliContext;
import java.io.IOException;
import java.nio.file.Path;

/** Sends a directory or a tar to {@code POST /api/v1/uploads}, for {@code upload} and {@code run --source}. */
public final class Uploads {

    private Uploads() {}

    /** @return the gateway's answer, as it came: the upload's id, size, SHA-256 and expiry */
    public static String send(CliContext context, Path path) throws IOException, InterruptedException {
        try (SourceArchive archive = SourceArchive.of(path)) {
            for (String name : archive.skipped()) {
                context.notice("left out of the archive (not a file, directory or link): " + name);
            }
            return context.api().postFile("/api/v1/uploads", archive.file(), archive.contentType());
        }
    }
}

package dev.slipway.cli.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A tar on disk to send as an upload, with its content type: a directory's is written to a
 * temporary file (deleted on close) so the upload streams from disk, never from memory; a {@code
 * .tar}, {@code .tar.gz} or {@code .tgz} file is sent as it is.
 *
 * @param skipped the directory's entries left out of the archive (sockets, pipes, devices)
 */
public record SourceArchive(Path file, String contentType, boolean temporary, List<String> skipped)
        implements AutoCloseable {

    private static final String GZIP = "application/gzip";
    private static final String TAR = "application/x-tar";

    public static SourceArchive of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path archive = Files.createTempFile("slipway-source-", ".tar.gz");
            try (OutputStream out = Files.newOutputStream(archive)) {
                return new SourceArchive(archive, GZIP, true, DirectoryTar.write(path, out));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(archive);
                throw e;
            }
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file or directory");
        }
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path) && (name.endsWith(".tar.gz") || name.endsWith(".tgz"))) {
            return new SourceArchive(path, GZIP, false, List.of());
        }
        if (Files.isRegularFile(path) && name.endsWith(".tar")) {
            return new SourceArchive(path, TAR, false, List.of());
        }
        throw new IllegalArgumentException(path + " is neither a directory nor a .tar, .tar.gz or .tgz file");
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }
}

package dev.slipway.worker.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A directory on this host as a tar, links kept as links (never followed), names relative to it. */
final class DirectoryTar {

    private DirectoryTar() {}

    static void write(Path root, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.filter(path -> !path.equals(root)).sorted().toList();
        }
        for (Path path : paths) {
            String name = root.relativize(path).toString();
            TarArchiveEntry entry;
            if (Files.isSymbolicLink(path)) {
                entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(path).toString());
            } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                entry.setMode(0755);
            } else {
                entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(path));
                entry.setMode(
                        Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644);
            }
            entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS));
            tar.putArchiveEntry(entry);
            if (entry.isFile()) {
                Files.copy(path, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}

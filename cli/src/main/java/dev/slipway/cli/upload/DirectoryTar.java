package dev.slipway.cli.upload;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A directory as a gzip-compressed tar, written as it is walked: names relative to the directory
 * (what the worker unpacks into the job's workdir), symbolic links kept as links (never followed,
 * so a link out of the directory is the worker's to refuse, not silently copied in), modes and
 * modification times as on disk. Anything else (sockets, pipes, devices) is left out.
 */
final class DirectoryTar {

    private DirectoryTar() {}

    /** @return the names left out, neither a regular file, a directory nor a link */
    static List<String> write(Path directory, OutputStream to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            // sorted: the same directory gives the same archive, and a parent precedes its children
            paths = walk.filter(path -> !path.equals(directory)).sorted().toList();
        }
        List<String> skipped = new ArrayList<>();
        try (TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(new BufferedOutputStream(to)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : paths) {
                String name = name(directory.relativize(path));
                BasicFileAttributes attributes =
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                TarArchiveEntry entry;
                if (attributes.isSymbolicLink()) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                    entry.setModTime(attributes.lastModifiedTime());
                } else if (attributes.isDirectory()) {
                    entry = new TarArchiveEntry(path, name + "/", LinkOption.NOFOLLOW_LINKS);
                } else if (attributes.isRegularFile()) {
                    entry = new TarArchiveEntry(path, name, LinkOption.NOFOLLOW_LINKS);
                } else {
                    skipped.add(name);
                    continue;
                }
                if (!attributes.isSymbolicLink()) {
                    keepPermissions(path, entry);
                }
                tar.putArchiveEntry(entry);
                if (attributes.isRegularFile()) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return skipped;
    }

    /** The entry's permission bits as on disk (an executable script stays executable), where the disk has them. */
    private static void keepPermissions(Path path, TarArchiveEntry entry) throws IOException {
        PosixFileAttributeView posix =
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix == null) {
            return;
        }
        int bits = 0;
        for (PosixFilePermission permission : posix.readAttributes().permissions()) {
            bits |= switch (permission) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        entry.setMode((entry.getMode() & ~0777) | bits);
    }

    /** The tar name of a relative path: '/' between its parts whatever the platform's separator. */
    private static String name(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}

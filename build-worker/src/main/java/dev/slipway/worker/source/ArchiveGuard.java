package dev.slipway.worker.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Copies a tar archive entry by entry, refusing what would land outside the directory it is
 * unpacked into, before any of it is written: a path that is absolute or climbs with {@code ..},
 * a link whose target is absolute or climbs out, an entry below a link of the same archive (the
 * classic way to write through a link), and device files. What it writes is a fresh archive of
 * the checked entries only, under {@code prefix} when one is given, so the engine never sees an
 * entry it refused.
 */
public final class ArchiveGuard {

    /** What was copied. */
    record Copied(int files, long bytes) {}

    /** Who every copied entry belongs to. */
    public record Owner(int uid, int gid) {

        /**
         * The owner a user of {@code docker run --user} names by number ({@code 1000}, {@code 1000:100}), as
         * the engine runs it: without a group, group 0. Empty for a user named by name, which only
         * the image's {@code /etc/passwd} resolves.
         */
        public static java.util.Optional<Owner> numeric(String user) {
            String[] parts = user.split(":", -1);
            if (parts.length > 2 || !parts[0].matches("[0-9]+") || (parts.length == 2 && !parts[1].matches("[0-9]+"))) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(
                    new Owner(Integer.parseInt(parts[0]), parts.length == 2 ? Integer.parseInt(parts[1]) : 0));
        }
    }

    private final long maxBytes;
    private final int maxEntries;

    /**
     * @param maxBytes past this many bytes of file content the archive is refused
     * @param maxEntries past this many entries too: a tar of millions of empty files is no source
     */
    ArchiveGuard(long maxBytes, int maxEntries) {
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * @param prefix the one directory every entry is put in (the working directory's own name, so
     *     that the archive also carries it, owned by the job's user), or empty for none
     * @throws SourceRejectedException naming the first entry refused and why
     */
    Copied copy(InputStream tar, String prefix, OutputStream out) throws IOException {
        return copy(tar, prefix, null, out);
    }

    /** @param owner who the copied entries belong to, or null for root (the engine may map them to a user itself) */
    Copied copy(InputStream tar, String prefix, @org.jspecify.annotations.Nullable Owner owner, OutputStream out)
            throws IOException {
        Set<String> links = new HashSet<>();
        long bytes = 0;
        int entries = 0;
        int files = 0;
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveOutputStream copy = new TarArchiveOutputStream(out);
        copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        copy.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (!prefix.isEmpty()) {
            TarArchiveEntry root = new TarArchiveEntry(prefix + "/", TarArchiveEntry.LF_DIR);
            root.setMode(0755);
            own(root, owner);
            copy.putArchiveEntry(root);
            copy.closeArchiveEntry();
        }
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            if (++entries > maxEntries) {
                throw new SourceRejectedException("the source has more than " + maxEntries + " entries");
            }
            String path = inside(entry.getName(), entry.getName());
            if (path.isEmpty()) {
                continue; // the directory itself
            }
            String through = throughLink(path, links);
            if (through != null) {
                throw new SourceRejectedException(
                        "source entry '" + entry.getName() + "' would be written through the link '" + through
                                + "' of the same archive: refused, nothing outside the working directory is written");
            }
            if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                throw new SourceRejectedException("source entry '" + entry.getName()
                        + "' is a device or a pipe: sources hold files," + " directories and links only");
            }
            TarArchiveEntry checked;
            if (entry.isSymbolicLink()) {
                linkTarget(entry, path);
                links.add(path);
                checked = new TarArchiveEntry(prefixed(prefix, path), TarArchiveEntry.LF_SYMLINK);
                checked.setLinkName(entry.getLinkName());
            } else if (entry.isLink()) {
                String target = inside(entry.getLinkName(), entry.getName());
                checked = new TarArchiveEntry(prefixed(prefix, path), TarArchiveEntry.LF_LINK);
                checked.setLinkName(prefixed(prefix, target));
            } else if (entry.isDirectory()) {
                checked = new TarArchiveEntry(prefixed(prefix, path) + "/", TarArchiveEntry.LF_DIR);
            } else if (entry.isFile()) {
                bytes += entry.getSize();
                if (bytes > maxBytes) {
                    throw new SourceRejectedException("the source holds more than " + maxBytes + " bytes");
                }
                checked = new TarArchiveEntry(prefixed(prefix, path));
                checked.setSize(entry.getSize());
                files++;
            } else {
                continue; // pax and GNU headers are read by commons-compress itself; nothing else is a file
            }
            checked.setMode(entry.getMode() & 07777 & ~06000); // no set-uid or set-gid bits from a source
            checked.setModTime(entry.getModTime());
            own(checked, owner);
            copy.putArchiveEntry(checked);
            if (entry.isFile()) {
                in.transferTo(copy);
            }
            copy.closeArchiveEntry();
        }
        copy.finish();
        copy.flush();
        return new Copied(files, bytes);
    }

    /**
     * The entry's path, relative and normalised ({@code a/./b/} is {@code a/b}); empty for the
     * directory itself.
     *
     * @throws SourceRejectedException when it is absolute or climbs out with {@code ..}
     */
    public static String inside(String name, String entryName) {
        if (name.startsWith("/")) {
            throw new SourceRejectedException("source entry '" + entryName
                    + "' has an absolute path: refused, nothing outside the working directory is written");
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                throw new SourceRejectedException("source entry '" + entryName
                        + "' climbs out with '..': refused, nothing outside the working directory is written");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return String.join("/", segments);
    }

    /** A link's target, read from the link's own directory, must stay inside too. */
    private static void linkTarget(TarArchiveEntry entry, String path) {
        String target = entry.getLinkName();
        if (target.startsWith("/")) {
            throw new SourceRejectedException("source entry '" + entry.getName() + "' links to the absolute path '"
                    + target + "': refused, links stay inside the working directory");
        }
        int depth = path.split("/", -1).length - 1; // the link's directory
        for (String segment : target.split("/", -1)) {
            if (segment.equals("..")) {
                depth--;
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                throw new SourceRejectedException("source entry '" + entry.getName() + "' links to '" + target
                        + "', outside the working directory: refused, links stay inside it");
            }
        }
    }

    /** The link of this archive that {@code path} lies below, if any. */
    private static @org.jspecify.annotations.Nullable String throughLink(String path, Set<String> links) {
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            if (links.contains(parent)) {
                return parent;
            }
        }
        return null;
    }

    private static void own(TarArchiveEntry entry, @org.jspecify.annotations.Nullable Owner owner) {
        entry.setIds(owner == null ? 0 : owner.uid(), owner == null ? 0 : owner.gid());
        entry.setUserName("");
        entry.setGroupName("");
    }

    private static String prefixed(String prefix, String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }
}

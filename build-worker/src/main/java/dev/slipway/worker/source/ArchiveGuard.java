package dev.slipway.worker.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;

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
    public record Owner(long uid, long gid) {

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
            try {
                return java.util.Optional.of(
                        new Owner(Long.parseLong(parts[0]), parts.length == 2 ? Long.parseLong(parts[1]) : 0));
            } catch (NumberFormatException tooLong) {
                return java.util.Optional.empty(); // past any uid: the engine will say so
            }
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
     * @param owner who the copied entries belong to, or null for root (the engine may map them to a
     *     user itself)
     * @throws SourceRejectedException naming the first entry refused and why
     */
    Copied copy(InputStream tar, String prefix, @Nullable Owner owner, OutputStream out) throws IOException {
        Set<String> links = new HashSet<>();
        Map<String, Character> kinds = new HashMap<>();
        long bytes = 0;
        int entries = 0;
        int files = 0;
        TarArchiveInputStream in = new BoundedNames(tar);
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
            char kind = entry.isSymbolicLink() ? 'l' : entry.isLink() ? 'h' : entry.isDirectory() ? 'd' : 'f';
            Character earlier = kinds.putIfAbsent(path, kind);
            if (earlier != null && (earlier != kind || kind == 'l' || kind == 'h')) {
                // a file that turns into a link (or a link retargeted) between the checks and the engine's writes
                throw new SourceRejectedException("source entry '" + entry.getName()
                        + "' appears twice, the second time as something else: refused");
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
                linkTarget(entry, path, links);
                links.add(path);
                checked = new TarArchiveEntry(prefixed(prefix, path), TarArchiveEntry.LF_SYMLINK);
                checked.setLinkName(entry.getLinkName());
            } else if (entry.isLink()) {
                String target = inside(entry.getLinkName(), entry.getName());
                if (!Character.valueOf('f').equals(kinds.get(target))) {
                    // a hard link to a link (or to what comes later) is how a symbolic link gets out unchecked
                    throw new SourceRejectedException("source entry '" + entry.getName()
                            + "' is a hard link to '" + entry.getLinkName()
                            + "', which is no file earlier in the archive: refused");
                }
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
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SourceRejectedException("source entry '" + entryName.replaceAll("\\p{Cntrl}", "?")
                    + "' has a control character in its name or target: refused");
        }
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

    /**
     * A link's target, read from the link's own directory, must stay inside too, and not pass
     * through another link of the archive on its way (where {@code ..} after a link is somewhere
     * else than it reads).
     */
    private static void linkTarget(TarArchiveEntry entry, String path, Set<String> links) {
        String target = entry.getLinkName();
        if (target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SourceRejectedException(
                    "source entry '" + entry.getName() + "' has a control character in its link target: refused");
        }
        if (target.startsWith("/")) {
            throw new SourceRejectedException("source entry '" + entry.getName() + "' links to the absolute path '"
                    + target + "': refused, links stay inside the working directory");
        }
        Deque<String> at = new ArrayDeque<>(List.of(path.split("/", -1)));
        at.removeLast(); // the link's directory
        String[] segments = target.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..")) {
                if (at.isEmpty()) {
                    throw new SourceRejectedException("source entry '" + entry.getName() + "' links to '" + target
                            + "', outside the working directory: refused, links stay inside it");
                }
                at.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                at.addLast(segment);
                if (i < segments.length - 1 && links.contains(String.join("/", at))) {
                    throw new SourceRejectedException("source entry '" + entry.getName() + "' links to '" + target
                            + "', through the link '" + String.join("/", at) + "' of the same archive: refused");
                }
            }
        }
    }

    /**
     * Reads GNU long names and link targets up to {@link #MAX_NAME} bytes: commons-compress reads
     * one whole into memory, and a gigabyte of zeros is a megabyte gzip-compressed.
     */
    private static final class BoundedNames extends TarArchiveInputStream {

        private static final int MAX_NAME = 64 * 1024;

        BoundedNames(InputStream in) {
            super(in);
        }

        @Override
        protected byte @org.jspecify.annotations.Nullable [] getLongNameData() throws IOException {
            java.io.ByteArrayOutputStream name = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int read = read(buffer); read >= 0; read = read(buffer)) {
                if (name.size() + read > MAX_NAME) {
                    throw new SourceRejectedException("a source entry has a name longer than " + MAX_NAME + " bytes");
                }
                name.write(buffer, 0, read);
            }
            if (getNextEntry() == null) {
                return null;
            }
            byte[] data = name.toByteArray();
            int length = data.length;
            while (length > 0 && data[length - 1] == 0) {
                length--; // the name's NUL terminators
            }
            return java.util.Arrays.copyOf(data, length);
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
        entry.setUserId(owner == null ? 0 : owner.uid());
        entry.setGroupId(owner == null ? 0 : owner.gid());
        entry.setUserName("");
        entry.setGroupName("");
    }

    private static String prefixed(String prefix, String path) {
        return prefix.isEmpty() ? path : prefix + "/" + path;
    }
}

package dev.slipway.artifacts.filesystem;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ArtifactStoreException;
import dev.slipway.artifacts.NoSuchObjectException;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.artifacts.Sha256Counting;
import dev.slipway.artifacts.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory, one per key, its segments the path. A put writes a
 * hidden file beside the object and renames it into place, so a reader never sees half of one.
 * Gateways and workers share it only when they share the directory (one host, or a network file
 * system); across hosts, use S3. An object past its writer's limit
 * ({@link dev.slipway.artifacts.TooLargeException}) leaves nothing behind.
 */
public final class FilesystemArtifactStore implements ArtifactStore {

    private static final String PARTIAL = ".part";

    private final Path root;

    public FilesystemArtifactStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new ArtifactStoreException("cannot use " + root + " as the artifact store: " + e.getMessage(), e);
        }
    }

    @Override
    public StoredObject put(ObjectKey key, InputStream content, long maxBytes) {
        Path target = pathOf(key);
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + PARTIAL);
        try {
            Files.createDirectories(target.getParent());
            Sha256Counting counted = new Sha256Counting(content, key, maxBytes);
            try (FileChannel file = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(file)) {
                counted.transferTo(out);
                file.force(true);
            }
            move(partial, target);
            return new StoredObject(key, counted.count(), counted.sha256());
        } catch (IOException e) {
            throw new ArtifactStoreException("storing '" + key + "' failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<Long> size(ObjectKey key) {
        Path path = pathOf(key);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.size(path)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ArtifactStoreException("reading the size of '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(ObjectKey key, long offset, long length) {
        Path path = pathOf(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchObjectException(key);
        }
        try {
            FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
            file.position(offset);
            InputStream whole = Channels.newInputStream(file);
            return length < 0 ? whole : new Bounded(whole, length);
        } catch (NoSuchFileException e) {
            throw new NoSuchObjectException(key);
        } catch (IOException e) {
            throw new ArtifactStoreException("reading '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(ObjectKey key) {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw new ArtifactStoreException("deleting '" + key + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteAll(ObjectKey prefix) {
        Path top = pathOf(prefix);
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new ArtifactStoreException("deleting under '" + prefix + "' failed: " + e.getMessage(), e);
        }
    }

    /** The key's file; a key has no {@code ..} segment, and the check below keeps it so. */
    private Path pathOf(ObjectKey key) {
        Path path = root;
        for (String segment : key.segments()) {
            path = path.resolve(segment);
        }
        if (!path.normalize().startsWith(root)) {
            throw new IllegalArgumentException("'" + key + "' leaves the store's directory");
        }
        return path;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a partial file left behind is harmless: its name is no object's
        }
    }

    /** At most {@code left} bytes of a stream. */
    private static final class Bounded extends java.io.FilterInputStream {

        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    @Override
    public String toString() {
        return "the directory " + root;
    }
}

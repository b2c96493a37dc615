package dev.slipway.worker.artifacts;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.artifacts.StoredObject;
import dev.slipway.artifacts.TooLargeException;
import dev.slipway.model.ArtifactFile;
import dev.slipway.model.ArtifactSpec;
import dev.slipway.model.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.springframework.util.StreamUtils;

/**
 * Picks a job's artifacts out of a tar of its working directory, as the engine streams it (so the
 * image needs no {@code tar}), and stores each kept file as it passes: nothing is held whole, and
 * nothing beyond the per-job limit is written. Only regular files are kept; links are not followed,
 * since what they name may lie outside the directory.
 */
public final class ArtifactCollector {

    private final ArtifactStore store;

    public ArtifactCollector(ArtifactStore store) {
        this.store = store;
    }

    /** The store key of a job's artifact. */
    public static ObjectKey keyOf(JobId job, String path) {
        return ObjectKey.of("jobs", job.value()).child(path);
    }

    /**
     * @param archive a tar whose entries are named {@code <directory name>/<path>}, as the engine
     *     archives a directory
     */
    public Collected collect(JobId job, ArtifactSpec rules, InputStream archive, long maxTotalBytes)
            throws IOException {
        List<ArtifactFile> kept = new ArrayList<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = withinDirectory(entry.getName());
                if (!regularFile(entry) || path == null || ObjectKey.problemWith(path) != null || !rules.keeps(path)) {
                    continue;
                }
                if (total + entry.getSize() > maxTotalBytes) {
                    store.deleteAll(ObjectKey.of("jobs", job.value()));
                    return new Collected.OverLimit(maxTotalBytes, path);
                }
                try {
                    StoredObject stored =
                            store.put(keyOf(job, path), StreamUtils.nonClosing(tar), maxTotalBytes - total);
                    kept.add(new ArtifactFile(path, stored.size(), stored.sha256()));
                    total += stored.size();
                } catch (TooLargeException e) {
                    store.deleteAll(ObjectKey.of("jobs", job.value()));
                    return new Collected.OverLimit(maxTotalBytes, path);
                }
            }
        }
        return new Collected.Kept(List.copyOf(kept));
    }

    /** commons-compress counts a link as a file unless asked: neither kind is one here. */
    private static boolean regularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink();
    }

    /** {@code workspace/out/a.txt} is {@code out/a.txt}; the directory's own entry is no file of it. */
    private static @org.jspecify.annotations.Nullable String withinDirectory(String name) {
        String trimmed = name.startsWith("./") ? name.substring(2) : name;
        int slash = trimmed.indexOf('/');
        if (slash < 0 || slash == trimmed.length() - 1) {
            return null;
        }
        String path = trimmed.substring(slash + 1);
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

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
import org.jspecify.annotations.Nullable;
import org.springframework.util.StreamUtils;

/**
 * Picks an attempt's artifacts out of a tar of its working directory, as the engine streams it (so
 * the image needs no {@code tar}), and stores each kept file as it passes, under the attempt's own
 * prefix: nothing is held whole, nothing beyond the per-job limits is written, and an attempt never
 * overwrites another's. Only regular files are kept; links are not followed, since what they name
 * may lie outside the directory.
 */
public final class ArtifactCollector {

    /** At most this many files per job: each is a field of the listing, which is read whole. */
    static final int MAX_FILES = 10_000;

    private final ArtifactStore store;

    public ArtifactCollector(ArtifactStore store) {
        this.store = store;
    }

    /** Where an attempt's artifacts lie in the store: {@code jobs/<id>/<attempt>}. */
    public static ObjectKey prefixOf(JobId job, int attempt) {
        return ObjectKey.of("jobs", job.value(), String.valueOf(attempt));
    }

    /**
     * @param archive a tar whose entries are named {@code <directory name>/<path>}, as the engine
     *     archives a directory
     */
    public Collected collect(JobId job, int attempt, ArtifactSpec rules, InputStream archive, long maxTotalBytes)
            throws IOException {
        ObjectKey prefix = prefixOf(job, attempt);
        List<ArtifactFile> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String path = withinDirectory(entry.getName());
                if (!regularFile(entry) || path == null || ObjectKey.problemWith(path) != null || !rules.keeps(path)) {
                    continue;
                }
                String keyProblem = ObjectKey.problemWith(prefix.value() + "/" + path);
                if (keyProblem != null) {
                    skipped.add(path + " (" + keyProblem + ")");
                    continue;
                }
                String limit = kept.size() >= MAX_FILES
                        ? "the limit of " + MAX_FILES + " files per job"
                        : total + entry.getSize() > maxTotalBytes ? sizeLimit(maxTotalBytes) : null;
                if (limit != null) {
                    store.deleteAll(prefix);
                    return new Collected.OverLimit(limit, path);
                }
                try {
                    StoredObject stored =
                            store.put(prefix.child(path), StreamUtils.nonClosing(tar), maxTotalBytes - total);
                    kept.add(new ArtifactFile(path, stored.size(), stored.sha256()));
                    total += stored.size();
                } catch (TooLargeException e) {
                    store.deleteAll(prefix);
                    return new Collected.OverLimit(sizeLimit(maxTotalBytes), path);
                }
            }
        }
        return new Collected.Kept(List.copyOf(kept), List.copyOf(skipped));
    }

    private static String sizeLimit(long maxTotalBytes) {
        return "the limit of " + maxTotalBytes / (1024 * 1024) + " MiB per job (slipway.worker.artifacts.max-total)";
    }

    /** commons-compress counts a link as a file unless asked: neither kind is one here. */
    private static boolean regularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isSymbolicLink() && !entry.isLink();
    }

    /** {@code workspace/out/a.txt} is {@code out/a.txt}; the directory's own entry is no file of it. */
    private static @Nullable String withinDirectory(String name) {
        String trimmed = name.startsWith("./") ? name.substring(2) : name;
        int slash = trimmed.indexOf('/');
        if (slash < 0 || slash == trimmed.length() - 1) {
            return null;
        }
        String path = trimmed.substring(slash + 1);
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

package dev.slipway.worker.source;

import dev.slipway.model.GitSource;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Checks out one ref of a git repository into a directory of this host. */
public interface GitCheckouts {

    /** What was checked out: the ref as asked for, and the commit it named. */
    record CheckedOut(String ref, String commit) {}

    /**
     * @param password the value of the source's password secret, or null to fetch without credentials
     * @param timeout how long the server may be silent
     * @throws SourceRejectedException when the repository or the ref cannot be fetched, saying why
     */
    CheckedOut checkout(GitSource source, @Nullable String password, Path directory, Duration timeout);
}

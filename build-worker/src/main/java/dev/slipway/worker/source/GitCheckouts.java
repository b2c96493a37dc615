package dev.slipway.worker.source;

import dev.slipway.model.GitSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/** Checks out one ref of a git repository into a directory of this host. */
public interface GitCheckouts {

    /** What was checked out: the ref as asked for, and the commit it named. */
    record CheckedOut(String ref, String commit) {}

    /**
     * What a checkout may cost.
     *
     * @param silence how long the server may be silent
     * @param total how long the whole fetch may take
     * @param maxBytes the most file content the checked-out tree may hold, checked before it is written
     * @param maxEntries the most files, links and directories it may hold, likewise
     * @param privateHosts whether a repository may be on a loopback, link-local or private address
     *     (the worker's own network: its health port, the cloud's metadata service)
     * @param stopped asked while fetching: true abandons the fetch
     */
    record Limits(
            Duration silence,
            Duration total,
            long maxBytes,
            int maxEntries,
            boolean privateHosts,
            BooleanSupplier stopped) {}

    /**
     * @param password the value of the source's password secret, or null to fetch without credentials
     * @throws SourceRejectedException when the source cannot be used as given: no such repository or
     *     ref, refused credentials, a private host, a tree past the limits
     * @throws SourceUnavailableException when the server or the network failed: another attempt may succeed
     */
    CheckedOut checkout(GitSource source, @Nullable String password, Path directory, Limits limits);
}

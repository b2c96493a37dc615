package dev.slipway.worker.source;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.worker.sources.*}.
 *
 * @param maxSize the most file content a source may unpack to; past it the job fails
 * @param maxEntries the most entries (files, directories, links) a source may have
 * @param gitTimeout how long a git server may be silent before the fetch fails
 * @param scratch where git checkouts are made, each in a directory of its own removed afterwards
 * @param allowPrivateGitHosts whether a git source may be on a loopback, link-local or private
 *     address: the fetch runs on the worker's own network, not the job's
 */
@ConfigurationProperties("slipway.worker.sources")
public record SourceSettings(
        DataSize maxSize, int maxEntries, Duration gitTimeout, Path scratch, boolean allowPrivateGitHosts) {}

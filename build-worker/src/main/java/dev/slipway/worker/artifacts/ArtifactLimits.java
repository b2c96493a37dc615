package dev.slipway.worker.artifacts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** {@code slipway.worker.artifacts.*}: {@code max-total}, what one job may keep, all its files together. */
@ConfigurationProperties("slipway.worker.artifacts")
public record ArtifactLimits(DataSize maxTotal) {}

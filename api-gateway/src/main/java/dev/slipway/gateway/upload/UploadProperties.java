package dev.slipway.gateway.upload;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.gateway.uploads.*}: source archives.
 *
 * @param maxSize the largest archive accepted; a larger one is a 413 and nothing of it is kept
 * @param expireAfter how long an upload no job used is kept
 */
@ConfigurationProperties("slipway.gateway.uploads")
public record UploadProperties(DataSize maxSize, Duration expireAfter) {}

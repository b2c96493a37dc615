package dev.slipway.gateway.environment;

import dev.slipway.model.EnvironmentTemplate;
import java.time.Instant;

/**
 * A template with who wrote it and when, as the API shows it.
 *
 * @param author the user who last wrote it
 */
public record StoredTemplate(EnvironmentTemplate template, String author, Instant createdAt, Instant updatedAt) {}

package dev.slipway.gateway.identity;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.gateway.metrics.*}: who may scrape {@code /actuator/prometheus} besides admins.
 *
 * @param scrapeToken a bearer token (at least 32 characters) good for the metrics endpoint and
 *     nothing else, for Prometheus; none when empty. The environment variable
 *     {@value #SCRAPE_TOKEN_VARIABLE} sets it too.
 */
@ConfigurationProperties("slipway.gateway.metrics")
record MetricsAccess(@Nullable String scrapeToken) {

    static final String SCRAPE_TOKEN_VARIABLE = "SLIPWAY_METRICS_SCRAPE_TOKEN";
    static final int MIN_LENGTH = 32;

    MetricsAccess {
        if (scrapeToken == null || scrapeToken.isBlank()) {
            scrapeToken = System.getenv(SCRAPE_TOKEN_VARIABLE);
        }
        if (scrapeToken != null && scrapeToken.isBlank()) {
            scrapeToken = null;
        }
        if (scrapeToken != null && scrapeToken.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("slipway.gateway.metrics.scrape-token (or " + SCRAPE_TOKEN_VARIABLE
                    + ") must be at least " + MIN_LENGTH + " characters long");
        }
    }
}

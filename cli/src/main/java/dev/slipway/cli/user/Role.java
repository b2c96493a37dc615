package dev.slipway.cli.user;

import java.util.Locale;

/** The roles the gateway knows, so that a misspelt one is a usage error before any request. */
enum Role {
    USER,
    OPERATOR,
    ADMIN;

    /** As the API writes it: {@code operator}. */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

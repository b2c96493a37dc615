package dev.slipway.cli.output;

/** How a listing or a {@code get} prints: a table for people, or the API's JSON for programs. */
public enum OutputFormat {
    TABLE,
    JSON;

    public boolean json() {
        return this == JSON;
    }
}

package dev.slipway.cli.config;

/** A gateway's base URL and the bearer token to send it. */
public record Credentials(String url, String token) {

    public Credentials {
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

package dev.slipway.cli.config;

/** No gateway or no token: neither the credentials file nor the environment names one. */
public final class NotLoggedInException extends RuntimeException {

    NotLoggedInException(String missing) {
        super("no " + missing + ": run 'slipway login URL', or set SLIPWAY_URL and SLIPWAY_TOKEN");
    }
}

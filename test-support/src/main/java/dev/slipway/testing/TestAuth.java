package dev.slipway.testing;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * The admin token of the gateways tests start (see {@link TestServices#springProperties}), and
 * requests that carry it. Tests of who may do what use other tokens explicitly.
 */
public final class TestAuth {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";
    public static final String ADMIN_AUTHORIZATION = "Bearer " + ADMIN_TOKEN;

    private TestAuth() {}

    /** A request builder for the gateway, signed in as the admin. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", ADMIN_AUTHORIZATION);
    }

    /** A request builder signed in with {@code token}. */
    public static HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }
}

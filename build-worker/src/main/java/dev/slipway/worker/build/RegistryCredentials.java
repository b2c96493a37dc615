package dev.slipway.worker.build;

/**
 * What an image push signs in to its registry with. The password never appears in a log, an
 * exception message or {@link #toString()}.
 *
 * @param registry the registry's host (and port), as in the first part of a tag: {@code 127.0.0.1:5000}
 */
public record RegistryCredentials(String registry, String username, String password) {

    @Override
    public String toString() {
        return "RegistryCredentials[registry=" + registry + ", username=" + username + ", password=(hidden)]";
    }
}

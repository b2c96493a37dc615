package dev.slipway.worker.build;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.worker.registries[i].host|username|password}: credentials the worker pushes with to
 * a registry, when the job brings none ({@code registryAuth}).
 */
@ConfigurationProperties("slipway.worker")
public record RegistrySettings(List<Registry> registries) {

    public RegistrySettings {
        registries = registries == null ? List.of() : List.copyOf(registries);
    }

    /** @param host as the first part of a tag names it: {@code registry.example.com}, {@code 127.0.0.1:5000} */
    public record Registry(String host, String username, String password) {

        @Override
        public String toString() {
            return "Registry[host=" + host + ", username=" + username + ", password=(hidden)]";
        }
    }

    @Nullable
    RegistryCredentials forHost(String host) {
        return registries().stream()
                .filter(registry -> registry.host().equals(host))
                .findFirst()
                .map(registry -> new RegistryCredentials(host, registry.username(), registry.password()))
                .orElse(null);
    }

    /** The registry a tag pushes to: its first part when that is a host, Docker Hub otherwise (as the engine reads it). */
    static String hostOf(String tag) {
        int slash = tag.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = tag.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }
}

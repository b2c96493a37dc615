package dev.slipway.worker.build;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.worker.registries[i].host|username|password|repositories}: credentials the worker
 * pushes with to a registry when the job brings none ({@code registryAuth}). Any user's image build
 * may push with them, so {@code repositories} names the only repositories they are for
 * ({@code team/}: every repository below {@code host/team/}; {@code *}: all of the registry's);
 * without it they are for none.
 */
@ConfigurationProperties("slipway.worker")
public record RegistrySettings(List<Registry> registries) {

    public RegistrySettings {
        registries = registries == null ? List.of() : List.copyOf(registries);
    }

    /**
     * @param host as the first part of a tag names it: {@code registry.example.com}, {@code 127.0.0.1:5000}
     * @param repositories the repository prefixes these credentials push to
     */
    public record Registry(String host, String username, String password, List<String> repositories) {

        public Registry {
            repositories = repositories == null ? List.of() : List.copyOf(repositories);
        }

        boolean covers(String tag) {
            String repository = PushTags.repositoryOf(tag);
            if (!repository.startsWith(host + "/")) {
                return false;
            }
            String path = repository.substring(host.length() + 1);
            return repositories().stream()
                    .anyMatch(prefix -> prefix.equals("*")
                            || path.equals(prefix)
                            || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"));
        }

        @Override
        public String toString() {
            return "Registry[host=" + host + ", username=" + username + ", password=(hidden), repositories="
                    + repositories + "]";
        }
    }

    /** The worker's credentials for a tag: those of its registry that cover its repository, if any. */
    @Nullable
    RegistryCredentials forTag(String tag) {
        String host = hostOf(tag);
        return registries().stream()
                .filter(registry -> registry.host().equals(host) && registry.covers(tag))
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

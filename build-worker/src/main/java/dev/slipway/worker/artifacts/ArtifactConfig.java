package dev.slipway.worker.artifacts;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.config.ArtifactStoreSettings;
import dev.slipway.artifacts.config.ArtifactStores;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The artifact store {@code slipway.artifacts.*} names, the same one the gateways read from. */
@Configuration(proxyBeanMethods = false)
class ArtifactConfig {

    @Bean
    ArtifactStore artifactStore(Environment environment) {
        return ArtifactStores.open(Binder.get(environment)
                .bind("slipway.artifacts", ArtifactStoreSettings.class)
                .orElseThrow(() -> new IllegalStateException("slipway.artifacts.* is not configured")));
    }

    @Bean
    ArtifactCollector artifactCollector(ArtifactStore store) {
        return new ArtifactCollector(store);
    }
}

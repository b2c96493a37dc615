package dev.slipway.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

// Lettuce's per-command observation cost a third of the Redis I/O thread while a log streamed, for
// timers nothing here exports. Excluded here rather than with spring.autoconfigure.exclude, which a
// deployment (or the standalone launcher) setting that property for its own reasons would replace.
@SpringBootApplication(
        excludeName =
                "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration")
@ConfigurationPropertiesScan
@PropertySource("classpath:dev/slipway/gateway/gateway-defaults.properties")
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}

package dev.slipway.worker.metrics;

import dev.slipway.worker.config.WorkerProperties;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every meter of this worker carries its id as the tag {@code worker}: one value per process. */
@Configuration(proxyBeanMethods = false)
class WorkerMetricsConfig {

    @Bean
    MeterFilter workerTag(WorkerProperties properties) {
        return MeterFilter.commonTags(
                List.of(Tag.of("worker", properties.workerId().value())));
    }
}

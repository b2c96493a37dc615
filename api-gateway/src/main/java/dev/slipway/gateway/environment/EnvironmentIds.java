package dev.slipway.gateway.environment;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.slipway.model.EnvironmentId;

/** New environment ids are UUIDv7, as job ids are: time-ordered, so Redis lists them newest first by id. */
final class EnvironmentIds {

    private EnvironmentIds() {}

    static EnvironmentId next() {
        return EnvironmentId.of(UuidCreator.getTimeOrderedEpoch().toString());
    }
}

package dev.slipway.gateway.job;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.slipway.model.JobId;

/**
 * New job ids are UUIDv7 (RFC 9562): time-ordered and monotonic within this gateway, so Redis can
 * list jobs newest first by id alone, and ids from several gateways do not collide.
 */
final class JobIds {

    private JobIds() {}

    static JobId next() {
        return JobId.of(UuidCreator.getTimeOrderedEpoch().toString());
    }
}

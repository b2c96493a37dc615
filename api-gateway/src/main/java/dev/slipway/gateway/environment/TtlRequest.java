package dev.slipway.gateway.environment;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** A new lifetime, counted from now: the environment expires {@code ttl} from the request. */
record TtlRequest(@NotNull(message = "is required") Duration ttl) {}

package dev.slipway.gateway.job;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * Who an image build's push signs in as: {@code {"username":"ci","passwordSecret":"REGISTRY_TOKEN"}},
 * the password being one of the job's {@code secrets}, so it is masked and never in the spec.
 */
record RegistryAuthRequest(
        @NotBlank(message = "is required") @Nullable String username,
        @NotBlank(message = "is required") @Nullable String passwordSecret) {}

package dev.slipway.gateway.job;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/** The limits a job or a template asks for, each optional (the configured default applies). */
public record ResourcesRequest(
        @DecimalMin(
                value = "0.01",
                message = "must be at least 0.01 (smaller shares would leave the container unlimited)")
        @Nullable
        Double cpus,

        @Min(value = 6, message = "must be at least 6 (Docker's minimum)") @Nullable
        Long memoryMb,

        @Positive(message = "must be positive") @Nullable Long pidsLimit) {}

package dev.slipway.gateway.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The bodies of the user and token endpoints, checked field by field. */
final class UserRequests {

    static final String NAME_PATTERN = "[a-z][a-z0-9-]{1,31}";

    private UserRequests() {}

    /** A user's quotas as a request sets them; a limit left out keeps its value. */
    record QuotasRequest(
            @Min(value = 0, message = "must be at least 0") @Nullable
            Integer maxActiveJobs,

            @Min(value = 0, message = "must be at least 0") @Nullable
            Integer maxEnvironments,

            @DecimalMin(value = "0", message = "must be at least 0") @Nullable
            Double maxEnvironmentCpus,

            @Min(value = 0, message = "must be at least 0") @Nullable
            Long maxEnvironmentMemoryMb) {

        Quotas toQuotas() {
            return new Quotas(maxActiveJobs, maxEnvironments, maxEnvironmentCpus, maxEnvironmentMemoryMb);
        }
    }

    record NewUser(
            @NotBlank(message = "is required")
            @Pattern(
                    regexp = NAME_PATTERN,
                    message = "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter")
            @Nullable
            String name,

            @NotNull(message = "is required (admin, operator or user)")
            Role role,

            @Valid @Nullable QuotasRequest quotas) {}

    record UserChange(
            @Nullable Role role,
            @Nullable Boolean disabled,
            @Valid @Nullable QuotasRequest quotas) {}

    record NewToken(
            @NotBlank(message = "is required") @Size(max = 64, message = "must have at most 64 characters") @Nullable
            String name,

            @Min(value = 1, message = "must be at least 1") @Max(value = 36500, message = "is too large") @Nullable
            Integer expiresInDays) {}
}

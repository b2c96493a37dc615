package dev.slipway.gateway.job;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A git source: {@code {"url":"https://…","ref":"main","depth":1}}, and for a private repository
 * {@code "username"} and {@code "passwordSecret"}, the name of one of the job's {@code secrets}
 * holding the password or token. The URL itself may carry no credentials ({@link JobSpecFactory}).
 */
record GitRequest(
        @NotBlank(message = "is required") @Size(max = 2048, message = "must be at most 2048 characters") @Nullable
        String url,

        @Pattern(regexp = "[^\\s~^:?*\\[\\\\]{1,255}", message = "must be a branch, a tag or a commit id") @Nullable
        String ref,

        @Min(value = 0, message = "must be 0 (all history) or more")
        @Max(value = 100000, message = "must be at most 100000")
        @Nullable
        Integer depth,

        @Size(min = 1, max = 255, message = "must be 1 to 255 characters") @Nullable
        String username,

        @Nullable String passwordSecret) {}

package dev.slipway.gateway.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a job's working directory holds before its script: {@code {"upload":"<id>"}} (the id
 * {@code POST /api/v1/uploads} answered) or {@code {"git":{…}}}; exactly one, as {@link
 * JobSpecFactory} checks.
 */
record SourceRequest(
        @Pattern(regexp = "upl_[0-9a-f-]{36}", message = "must be an upload id as POST /api/v1/uploads answered it")
        @Nullable
        String upload,

        @Valid @Nullable GitRequest git) {}

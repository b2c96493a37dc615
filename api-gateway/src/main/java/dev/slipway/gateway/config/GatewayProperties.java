package dev.slipway.gateway.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code slipway.gateway.*}.
 *
 * @param publishTimeout how long a submission waits for RabbitMQ's publisher confirm
 * @param retryAfter what a 503 tells clients to wait before trying again
 * @param sseKeepAlive how often an idle event stream gets a comment, which also detects gone clients
 * @param retention how long a job the gateway ends itself (a cancel while queued) keeps its records;
 *     set it as the workers' {@code slipway.worker.retention}
 * @param maxRequestSize the largest request body the gateway reads; a larger one is a 413
 * @param logReads how much of a log one request holds in memory at a time
 * @param pools pools accepted although no worker served them lately (workers scaled to zero, or not
 *     started yet); a job for any other pool no worker served within its forget-after time is a 422
 * @param poolCleanupInterval how often the empty queues of pools nobody serves any more are deleted
 * @param submissionLanes how many batches of concurrent submissions are recorded and published at once
 */
@ConfigurationProperties("slipway.gateway")
public record GatewayProperties(
        Duration publishTimeout,
        Duration retryAfter,
        Duration sseKeepAlive,
        int defaultPageSize,
        int maxPageSize,
        JobLimits jobs,
        Duration retention,
        Auth auth,
        Quotas quotas,
        Audit audit,
        DataSize maxRequestSize,
        LogReads logReads,
        @Nullable List<String> pools,
        Duration poolCleanupInterval,
        int submissionLanes) {

    /** Accept a job for any pool, served or not (a fleet that starts workers for a pool's backlog). */
    public static final String ANY_POOL = "*";

    /**
     * Whether a job for {@code pool} is accepted without a worker having served the pool lately:
     * a pool in {@code slipway.gateway.pools}, or any pool when that holds {@value #ANY_POOL}.
     */
    public boolean declares(String pool) {
        return pools != null && (pools.contains(ANY_POOL) || pools.contains(pool));
    }

    /**
     * Reading a log's history page by page, so that a request holds a bounded amount of it.
     *
     * @param budget what one page of entries may weigh at most
     * @param maxEntrySize the largest a log entry can be: the workers' {@code log.batch-max-size} plus
     *     their {@code log.max-line-length} (one line may go past the batch size)
     */
    public record LogReads(DataSize budget, DataSize maxEntrySize) {

        /** Entries per read, so that a page of the largest entries stays within the budget. */
        public int entriesPerRead() {
            return (int) Math.max(1, Math.min(500, budget.toBytes() / Math.max(1, maxEntrySize.toBytes())));
        }
    }

    /** Defaults applied to a job spec that leaves a value out, and the most a spec may ask for. */
    public record JobLimits(
            Duration defaultTimeout,
            Duration maxTimeout,
            int defaultMaxAttempts,
            int maxMaxAttempts,
            ResourceValues defaultResources,
            ResourceValues maxResources,
            Duration defaultQueueTimeout,
            Duration maxQueueTimeout) {}

    public record ResourceValues(double cpus, long memoryMb, long pidsLimit) {}

    /**
     * Who may call the API.
     *
     * @param enabled false only for experiments, and only on a gateway that listens on a loopback address
     * @param adminToken when set (at least 32 characters), a token of the built-in user {@code admin}
     * @param defaultTokenDays how long a new API token lasts when its request does not say
     * @param maxTokenDays the longest an API token may last
     * @param tokenCacheTtl how long a token's lookup is reused: a revoked token is refused within this
     * @param rateLimit requests per second one token may make, with a burst
     * @param jwt how JWTs of an identity provider (spring.security.oauth2.resourceserver.jwt.*) name their user and role
     * @param bootstrapTokenFile where a generated admin token is also written (mode 0600); none when empty
     */
    public record Auth(
            boolean enabled,
            @Nullable String adminToken,
            int defaultTokenDays,
            int maxTokenDays,
            Duration tokenCacheTtl,
            RateLimit rateLimit,
            Jwt jwt,
            @Nullable String bootstrapTokenFile) {

        /** The environment variable that sets {@code admin-token} too, as deployments name it. */
        public static final String ADMIN_TOKEN_VARIABLE = "SLIPWAY_ADMIN_TOKEN";

        public Auth {
            if (adminToken == null || adminToken.isBlank()) {
                adminToken = System.getenv(ADMIN_TOKEN_VARIABLE);
            }
        }
    }

    /** A token bucket per API token: {@code perSecond} refilled every second, holding at most {@code burst}. */
    public record RateLimit(long perSecond, long burst) {}

    /**
     * @param userClaim the claim naming the user
     * @param roleClaim the claim naming the role (admin, operator, user; user when absent)
     */
    public record Jwt(String userClaim, String roleClaim) {}

    /** What a user may have at once, unless their own record says otherwise. */
    public record Quotas(
            int maxActiveJobs, int maxEnvironments, double maxEnvironmentCpus, long maxEnvironmentMemoryMb) {}

    /**
     * @param maxEntries the audit stream keeps about this many entries
     * @param retention and none older than this
     */
    public record Audit(int maxEntries, Duration retention) {}
}

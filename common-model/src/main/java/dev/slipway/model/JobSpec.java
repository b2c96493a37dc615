package dev.slipway.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to run, as accepted by the gateway with its defaults applied. Exactly one of {@code script}
 * and {@code command} is set.
 *
 * @param image Docker image reference, e.g. {@code busybox:latest}
 * @param script shell lines run in order with {@code sh -e}; the first failing line fails the job
 * @param command argv passed to the image's entrypoint, as {@code docker run IMAGE ARGS...} would
 * @param env environment variables of the container
 * @param workdir working directory inside the container; the image's when null
 * @param resources the container's limits
 * @param timeoutSeconds wall-clock limit of one attempt, from container start
 * @param pool the pool (queue) the job is routed to
 * @param labels free-form metadata, copied to the container as {@code slipway.user.<key>} labels
 * @param maxAttempts how many attempts platform failures may consume
 * @param constraints labels a worker must have (same key, same value) to run the job; empty: any worker of the pool
 * @param secretNames the names of the job's secrets, sorted: environment variables whose values the
 *     worker reads from Redis when it claims the job, and masks in the job's output (the values
 *     travel neither in the spec nor in any message)
 * @param queueTimeoutSeconds how long the job may wait for a worker to take it first; past it the job
 *     fails, saying no worker took it (0: no limit, as in messages of older gateways)
 * @param network {@code none} for a container without network; null for the worker's job network
 * @param user the user the container runs as ({@code docker run --user}); the worker's default, or the image's, when null
 * @param artifacts which files of {@code workdir} are kept after the script, or null for none
 * @param source what {@code workdir} holds before the script starts, or null for what the image has there
 * @param build for a job of kind {@code image}: what to build from the source and where to push it
 *     ({@code image}, {@code script} and {@code command} are then unused); null for a container job
 */
public record JobSpec(
        String image,
        @Nullable List<String> script,
        @Nullable List<String> command,
        Map<String, String> env,
        @Nullable String workdir,
        Resources resources,
        long timeoutSeconds,
        String pool,
        Map<String, String> labels,
        int maxAttempts,
        Map<String, String> constraints,
        List<String> secretNames,
        @Nullable String user,
        long queueTimeoutSeconds,
        @Nullable String network,
        @Nullable ArtifactSpec artifacts,
        @Nullable JobSource source,
        @Nullable ImageBuildSpec build) {

    public JobSpec {
        secretNames = secretNames == null ? List.of() : List.copyOf(secretNames);
        env = Map.copyOf(env);
        constraints = constraints == null ? Map.of() : Map.copyOf(constraints); // absent in messages of older gateways
        labels = Map.copyOf(labels);
        script = script == null ? null : List.copyOf(script);
        command = command == null ? null : List.copyOf(command);
    }

    /** A container job without sources (and a message of a gateway that knew none). */
    public JobSpec(
            String image,
            @Nullable List<String> script,
            @Nullable List<String> command,
            Map<String, String> env,
            @Nullable String workdir,
            Resources resources,
            long timeoutSeconds,
            String pool,
            Map<String, String> labels,
            int maxAttempts,
            Map<String, String> constraints,
            List<String> secretNames,
            @Nullable String user,
            long queueTimeoutSeconds,
            @Nullable String network,
            @Nullable ArtifactSpec artifacts) {
        this(
                image,
                script,
                command,
                env,
                workdir,
                resources,
                timeoutSeconds,
                pool,
                labels,
                maxAttempts,
                constraints,
                secretNames,
                user,
                queueTimeoutSeconds,
                network,
                artifacts,
                null,
                null);
    }

    /** A job that keeps no artifacts (and a message of a gateway that knew none). */
    public JobSpec(
            String image,
            @Nullable List<String> script,
            @Nullable List<String> command,
            Map<String, String> env,
            @Nullable String workdir,
            Resources resources,
            long timeoutSeconds,
            String pool,
            Map<String, String> labels,
            int maxAttempts,
            Map<String, String> constraints,
            List<String> secretNames,
            @Nullable String user,
            long queueTimeoutSeconds,
            @Nullable String network) {
        this(
                image,
                script,
                command,
                env,
                workdir,
                resources,
                timeoutSeconds,
                pool,
                labels,
                maxAttempts,
                constraints,
                secretNames,
                user,
                queueTimeoutSeconds,
                network,
                null,
                null,
                null);
    }

    /** The RabbitMQ route of this job: its pool's queue, or the pool's queue for exactly these constraints. */
    public String route() {
        return JobTopology.routeFor(pool, constraints);
    }
}

package dev.slipway.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** RabbitMQ names shared by the gateway (publisher) and the workers (consumers). */
public final class JobTopology {

    /** Direct exchange; the routing key is the job's route (see {@link #routeFor}). */
    public static final String JOBS_EXCHANGE = "slipway.jobs";

    /** Where rejected and over-delivered job messages go. */
    public static final String DEAD_LETTER_EXCHANGE = "slipway.jobs.dlx";

    public static final String DEAD_LETTER_QUEUE = "slipway.jobs.dead-letter";

    /**
     * Redeliveries a quorum queue allows before dead-lettering a message. Set explicitly: RabbitMQ
     * 3.x has no limit by default and 4.x defaults to 20.
     */
    public static final int DELIVERY_LIMIT = 5;

    /** Pool names become queue names and Redis keys, so they are kept to a safe alphabet. */
    public static final Pattern POOL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public static final String DEFAULT_POOL = "default";

    private JobTopology() {}

    /**
     * Arguments of every pool queue. Gateway and workers both declare pool queues, and RabbitMQ
     * refuses a declaration whose arguments differ from the existing queue's, so both use these.
     */
    public static Map<String, Object> poolQueueArguments() {
        return Map.of(
                "x-queue-type", "quorum",
                "x-dead-letter-exchange", DEAD_LETTER_EXCHANGE,
                "x-delivery-limit", DELIVERY_LIMIT);
    }

    public static String queueFor(String pool) {
        if (!POOL_NAME.matcher(pool).matches()) {
            throw new IllegalArgumentException("not a pool name: " + pool);
        }
        return queueForRoute(pool);
    }

    /**
     * The routing key (and queue suffix) of a job: its pool, or, for a job with constraints, the pool
     * and a digest of the constraints after {@code @} (a character pool names cannot hold). Workers
     * whose labels satisfy a constraint set consume its queue besides their pools' own, so a job
     * only ever reaches a worker that may run it, without being bounced between workers.
     */
    public static String routeFor(String pool, Map<String, String> constraints) {
        if (constraints.isEmpty()) {
            return pool;
        }
        String canonical = new TreeMap<>(constraints)
                .entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return pool + "@" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Whether a worker with these labels may run a job with these constraints: every key, the same value. */
    public static boolean satisfies(Map<String, String> labels, Map<String, String> constraints) {
        return constraints.entrySet().stream().allMatch(c -> c.getValue().equals(labels.get(c.getKey())));
    }

    public static String queueForRoute(String route) {
        return JOBS_EXCHANGE + ".pool." + route;
    }
}

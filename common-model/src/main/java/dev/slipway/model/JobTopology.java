package dev.slipway.model;

import java.util.Map;
import java.util.regex.Pattern;

/** RabbitMQ names shared by the gateway (publisher) and the workers (consumers). */
public final class JobTopology {

    /** Direct exchange; the routing key is the pool name. */
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
        return JOBS_EXCHANGE + ".pool." + pool;
    }
}

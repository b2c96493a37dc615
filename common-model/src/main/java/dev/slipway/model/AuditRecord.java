package dev.slipway.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An entry of the audit trail ({@link RedisKeys#AUDIT}, field {@code entry}) as a worker writes it,
 * for what it does on a user's behalf (a terminal session it ended). It has the fields of the
 * gateway's own entries, which read it back (their test checks both ways agree).
 *
 * @param actor the user on whose behalf it acted
 * @param role null: a worker does not know the user's role
 * @param source which worker acted: {@code worker <id>}
 */
public record AuditRecord(
        Instant at, String actor, @Nullable String role, String action, String target, String outcome, String source) {

    /** The field of the trail's stream entries that holds the JSON. */
    public static final String FIELD = "entry";
}

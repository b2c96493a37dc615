package dev.slipway.gateway.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One audited act.
 *
 * @param id the entry's position in the trail (a Redis stream id), also its cursor; null before it is stored
 * @param actor who acted: a user's name, or {@code (anonymous)} for a request without a valid token
 * @param role the actor's role, when they were authenticated
 * @param action what they did, named after the operation: {@code job.submit}, {@code token.revoke}, {@code auth.refused}
 * @param target what it was done to: the request's path
 * @param outcome the HTTP status it ended with, and a reason when it was refused
 * @param source the address the request came from
 */
public record AuditEntry(
        @Nullable String id,
        Instant at,
        String actor,
        @Nullable String role,
        String action,
        String target,
        String outcome,
        @Nullable String source) {

    public AuditEntry withId(String newId) {
        return new AuditEntry(newId, at, actor, role, action, target, outcome, source);
    }
}

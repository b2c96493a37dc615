package dev.slipway.gateway.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The trail of audit entries. Implementers owe: appends are ordered and never rewritten; the trail
 * is capped by count and age, so that it cannot grow without bound.
 */
public interface AuditLog {

    void append(AuditEntry entry);

    /**
     * Entries newest first, optionally only an actor's and only one action's.
     *
     * @param before only entries older than this entry id (the cursor), or from the newest when null
     */
    AuditPage page(@Nullable String actor, @Nullable String action, @Nullable String before, int limit);

    /** @param nextCursor pass as the cursor for the next, older page; null on the last */
    record AuditPage(List<AuditEntry> items, @Nullable String nextCursor) {}
}

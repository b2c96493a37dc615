package dev.slipway.gateway.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where audited acts are recorded: the Redis trail, and a JSON line on the logger {@code slipway.audit}.
 * A trail that cannot be written (Redis away) does not fail the request: the log line still goes out.
 */
@Component
public class AuditTrail {

    private static final Logger audit = LoggerFactory.getLogger("slipway.audit");
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog trail;
    private final JsonMapper json;

    AuditTrail(AuditLog trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    public void record(AuditEntry entry) {
        audit.info(json.writeValueAsString(entry));
        try {
            trail.append(entry);
        } catch (RuntimeException e) {
            log.warn("Could not append to the audit trail ({}); the entry is in the slipway.audit log", e.toString());
        }
    }
}

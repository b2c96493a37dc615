package dev.slipway.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.model.AuditRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a worker writes to the audit trail the gateway reads as one of its own entries, and back. */
class AuditRecordContractTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aWorkersEntryReadsAsTheGatewaysAndTheGatewaysAsAWorkers() {
        Instant at = Instant.parse("2026-12-03T10:15:30.123Z");
        AuditRecord written =
                new AuditRecord(at, "alice", null, "terminal.end", "/api/v1/terminals/s", "idle-timeout", "worker w1");

        AuditEntry read = json.readValue(json.writeValueAsString(written), AuditEntry.class);

        assertThat(read)
                .isEqualTo(new AuditEntry(
                        null, at, "alice", null, "terminal.end", "/api/v1/terminals/s", "idle-timeout", "worker w1"));
        AuditRecord back = json.readValue(json.writeValueAsString(read.withId("1-0")), AuditRecord.class);
        assertThat(back).isEqualTo(written);
    }
}

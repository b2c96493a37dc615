package dev.slipway.gateway.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.model.JobId;
import dev.slipway.model.WorkerAdmin;
import dev.slipway.model.WorkerId;
import dev.slipway.model.WorkerState;
import dev.slipway.model.WorkerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A worker as the API shows it: what it last reported, GONE when that is older than its lease, and
 * what an operator asked of it (which it may not have acted on yet).
 */
public record WorkerView(
        WorkerId id,
        WorkerState state,
        @Nullable String reason,
        WorkerAdmin requested,
        String host,
        List<String> pools,
        Map<String, String> labels,
        int slots,
        int freeSlots,
        List<JobId> running,
        String dockerVersion,
        int cpus,
        long memoryBytes,
        Instant startedAt,
        Instant lastHeartbeatAt) {

    /** Not GONE: it may run jobs now or later (a cordoned or paused worker counts). */
    @JsonIgnore
    public boolean isLive() {
        return state != WorkerState.GONE;
    }

    public static WorkerView of(WorkerStatus status, WorkerAdmin requested, Instant now) {
        boolean gone = status.isGoneAt(now);
        WorkerState state = gone ? WorkerState.GONE : status.state();
        String reason = gone && status.state() != WorkerState.GONE
                ? "no heartbeat since " + status.heartbeatAt() + " (lease " + status.leaseMillis() + " ms)"
                : status.reason();
        int free = state == WorkerState.ACTIVE
                ? Math.max(0, status.slots() - status.running().size())
                : 0;
        return new WorkerView(
                status.id(),
                state,
                reason,
                requested,
                status.host(),
                status.pools(),
                status.labels(),
                status.slots(),
                free,
                status.running(),
                status.dockerVersion(),
                status.cpus(),
                status.memoryBytes(),
                status.startedAt(),
                status.heartbeatAt());
    }
}

package dev.slipway.worker.intake;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether the slots may take new jobs. Any number of holds keep it shut (an operator's cordon, the
 * host's backpressure); running jobs are not affected.
 */
@Component
public class IntakeGate {

    /** Why the gate may be held shut. */
    public enum Hold {
        OPERATOR,
        HOST,
        /** The worker cannot reach Redis: it could claim nothing, and would only hold messages others could run. */
        REDIS,
        SHUTDOWN
    }

    private final Map<Hold, String> holds = new EnumMap<>(Hold.class);

    /** Holds the gate shut for {@code reason}, or releases this hold when the reason is empty. */
    public synchronized void set(Hold hold, Optional<String> reason) {
        if (reason.isPresent()) {
            holds.put(hold, reason.get());
        } else {
            holds.remove(hold);
        }
    }

    public synchronized boolean isOpen() {
        return holds.isEmpty();
    }

    /** The reason of one hold, if it is held. */
    public synchronized Optional<String> reason(Hold hold) {
        return Optional.ofNullable(holds.get(hold));
    }
}

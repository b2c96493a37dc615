package dev.slipway.gateway.terminal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a client is attached to a session: the owner types and resizes; an admin may only watch. */
public enum AttachMode {
    WRITE,
    WATCH;

    @JsonValue
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.slipway.gateway.terminal;

import dev.slipway.gateway.identity.Role;
import dev.slipway.model.TerminalSession;
import org.jspecify.annotations.Nullable;

/** A client allowed to attach to a session, as the handshake found it; the socket's attribute. */
record Attachment(
        TerminalSession session, String user, @Nullable Role role, AttachMode mode, String source) {

    static final String ATTRIBUTE = Attachment.class.getName();

    boolean mayType() {
        return mode == AttachMode.WRITE;
    }
}

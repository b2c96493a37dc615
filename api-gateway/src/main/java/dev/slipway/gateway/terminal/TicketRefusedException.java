package dev.slipway.gateway.terminal;

/** A ticket that does not let its holder attach: unknown, spent, expired or for another session. */
class TicketRefusedException extends RuntimeException {

    private final String reason;

    TicketRefusedException(String reason) {
        super(reason);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}

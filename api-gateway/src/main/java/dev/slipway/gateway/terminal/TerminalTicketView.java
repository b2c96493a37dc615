package dev.slipway.gateway.terminal;

/**
 * A ticket as handed out: {@code websocket} is the path to connect to, the ticket already in its
 * query, because a browser cannot set headers on a WebSocket.
 *
 * @param expiresIn seconds the ticket stays valid
 */
record TerminalTicketView(String sessionId, String ticket, long expiresIn, AttachMode mode, String websocket) {}

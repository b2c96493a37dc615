/**
 * Web terminals into environments: sessions, their single-use tickets, and the WebSocket that
 * relays a session's frames to and from Redis, where the hosting worker holds the shell. The
 * gateway keeps no session state of its own, so any gateway serves any session and a client
 * whose gateway died reattaches through another. {@link TerminalStore} is the port to Redis.
 */
@NullMarked
package dev.slipway.gateway.terminal;

import org.jspecify.annotations.NullMarked;

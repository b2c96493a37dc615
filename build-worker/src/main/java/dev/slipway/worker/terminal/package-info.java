/**
 * Web terminal sessions on this worker's host: a shell with a TTY ({@code docker exec}) in an
 * environment this worker hosts, fed from and read into the session's Redis streams, so that any
 * gateway can relay it and the worker opens no port. {@link ShellRuntime} is the port to the engine,
 * {@link TerminalStore} and {@link TerminalInbox} the ports to Redis.
 */
@NullMarked
package dev.slipway.worker.terminal;

import org.jspecify.annotations.NullMarked;

package dev.slipway.model;

import org.jspecify.annotations.Nullable;

/**
 * The payload of a {@link TerminalWire#STATUS} frame, the last a session sends.
 *
 * @param exitCode the shell's exit code when it exited by itself ({@link TerminalEnd#EXITED}), else null
 * @param reason why the session ended
 */
public record TerminalStatus(@Nullable Integer exitCode, TerminalEnd reason) {}

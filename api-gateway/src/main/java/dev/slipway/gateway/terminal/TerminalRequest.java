package dev.slipway.gateway.terminal;

import dev.slipway.model.TerminalResize;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

/** The body of opening a session: the client's window, in character cells (80×24 when left out). */
record TerminalRequest(
        @Min(1) @Max(TerminalResize.MAX) @Nullable Integer cols,
        @Min(1) @Max(TerminalResize.MAX) @Nullable Integer rows) {

    int colsOrDefault() {
        return cols == null ? 80 : cols;
    }

    int rowsOrDefault() {
        return rows == null ? 24 : rows;
    }
}

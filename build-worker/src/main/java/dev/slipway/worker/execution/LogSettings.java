package dev.slipway.worker.execution;

import java.time.Duration;

/** The log collection limits, in the units {@link LogCollector} works in. */
record LogSettings(Duration batchWindow, int batchMaxLines, int maxLineBytes, long capBytes, long bufferLimitBytes) {}

package dev.slipway.worker.execution;

import dev.slipway.worker.config.WorkerProperties;
import java.time.Duration;

/** The log collection limits, in the units {@link LogCollector} works in. */
record LogSettings(
        Duration batchWindow,
        int batchMaxLines,
        long batchMaxBytes,
        int maxLineBytes,
        long capBytes,
        long bufferLimitBytes) {

    static LogSettings from(WorkerProperties.Log log) {
        return new LogSettings(
                log.batchWindow(),
                log.batchMaxLines(),
                log.batchMaxSize().toBytes(),
                Math.toIntExact(log.maxLineLength().toBytes()),
                log.cap().toBytes(),
                log.bufferLimit().toBytes());
    }
}

package dev.slipway.worker.execution;

import dev.slipway.model.LogStream;

/** Receives a container's output as the engine delivers it: in frames, not lines. */
public interface OutputListener {

    void onOutput(LogStream stream, byte[] bytes, int offset, int length);
}

package dev.slipway.worker.output;

import dev.slipway.model.LogStream;

/** Receives what a job runs prints (a container's output, a build's) as the engine delivers it: in frames, not lines. */
public interface OutputListener {

    void onOutput(LogStream stream, byte[] bytes, int offset, int length);
}

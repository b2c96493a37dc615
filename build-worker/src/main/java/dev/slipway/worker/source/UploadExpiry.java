package dev.slipway.worker.source;

import dev.slipway.worker.expiry.ExpirySweep;

/** The index of uploads by when they expire, swept by {@link UploadSweeper}; an item is an upload's id. */
public interface UploadExpiry extends ExpirySweep.Index<String> {}

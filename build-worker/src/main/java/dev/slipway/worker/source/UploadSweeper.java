package dev.slipway.worker.source;

import dev.slipway.artifacts.ArtifactStore;
import dev.slipway.artifacts.ObjectKey;
import dev.slipway.model.JobSource;
import dev.slipway.worker.expiry.ExpirySweep;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Deletes uploads past their expiry: a day after they were uploaded, or once the records of the
 * jobs that used them are gone. An upload is deleted only while it is still due, so a job accepted
 * with it meanwhile keeps it.
 */
@Component
public class UploadSweeper {

    private final ExpirySweep<String> sweep;

    UploadSweeper(UploadExpiry expiry, ArtifactStore store, Clock clock) {
        this.sweep = new ExpirySweep<>(
                expiry, id -> store.delete(ObjectKey.of(JobSource.uploadObjectKey(id))), id -> "upload " + id, clock);
    }

    public void sweep() {
        sweep.sweep();
    }
}

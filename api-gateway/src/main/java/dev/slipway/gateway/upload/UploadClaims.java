package dev.slipway.gateway.upload;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.model.JobSource;
import dev.slipway.model.JobSpec;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Takes the upload a job names for it before the job is accepted: the upload must be the caller's
 * (or the caller an admin), and is then kept as long as the job's record, so that every attempt
 * finds it.
 */
@Component
public class UploadClaims {

    private final UploadRecords records;
    private final GatewayProperties properties;
    private final UploadProperties uploads;
    private final Clock clock;

    UploadClaims(UploadRecords records, GatewayProperties properties, UploadProperties uploads, Clock clock) {
        this.records = records;
        this.properties = properties;
        this.uploads = uploads;
        this.clock = clock;
    }

    /**
     * As long as the job may need it: its record is kept for the retention once the job ended, and
     * it may wait in the queue and run every attempt to its timeout before that.
     */
    private java.time.Duration lifeOf(JobSpec spec) {
        long running = spec.queueTimeoutSeconds() + spec.timeoutSeconds() * Math.max(1, spec.maxAttempts());
        return properties.retention().plusSeconds(running);
    }

    /** @throws InvalidRequestException naming {@code source.upload} when there is no such upload of the caller's */
    public void claimFor(JobSpec spec, Caller caller) {
        JobSource source = spec.source();
        if (source == null || source.upload() == null) {
            return;
        }
        String id = source.upload();
        boolean usable = records.find(id)
                        .filter(upload -> caller.mayChange(upload.owner()))
                        .isPresent()
                && records.keepUntil(id, clock.instant().plus(lifeOf(spec)));
        if (!usable) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "source.upload",
                    "no upload '" + id + "' of yours (an upload no job used expires after "
                            + uploads.expireAfter().toHours() + " hours)")));
        }
    }
}

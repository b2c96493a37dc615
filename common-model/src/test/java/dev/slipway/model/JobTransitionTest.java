package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.JobTransition.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTransitionTest {

    private static final JobId JOB = JobId.of("01936f3e-1b2c-7d4e-8f90-a1b2c3d4e5f6");
    private static final WorkerId WORKER = WorkerId.of("w1");
    private static final Instant NOW = Instant.ofEpochMilli(1_000_000);

    @Test
    void aMoveTheStateTableForbidsCannotBeBuilt() {
        assertThatThrownBy(() -> transition(JobState.SUCCEEDED, JobState.RUNNING, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("from SUCCEEDED to RUNNING");
        assertThatThrownBy(() -> transition(JobState.CANCELLING, JobState.QUEUED, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTerminalMoveMustCloseTheLogAndANonTerminalOneMustNot() {
        assertThatThrownBy(() -> transition(JobState.RUNNING, JobState.SUCCEEDED, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log end");
        assertThatThrownBy(() -> transition(
                        JobState.RUNNING, JobState.QUEUED, new JobEvent.LogEnd(JOB, 1, JobState.FAILED, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsAreCopiedSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<String, String> fields = new LinkedHashMap<>(Map.of(JobFields.STATE, "RUNNING"));
        JobTransition move = new JobTransition(
                JOB,
                JobState.QUEUED,
                1,
                JobState.RUNNING,
                1,
                event(JobState.QUEUED, JobState.RUNNING),
                fields,
                Change.KEEP,
                Change.KEEP,
                false,
                null);

        fields.put("intruder", "x");

        assertThat(move.fields()).containsOnlyKeys(JobFields.STATE);
    }

    @Test
    void aClaimStartsTheNextAttemptOnTheWorkerUnderALeaseAndDropsThePendingDispatch() {
        JobTransition claim = JobTransition.claim(record(JobState.QUEUED, 2), WORKER, NOW, Duration.ofSeconds(15));

        assertThat(claim.fromAttempt()).isEqualTo(2);
        assertThat(claim.toAttempt()).isEqualTo(3);
        assertThat(claim.to()).isEqualTo(JobState.RUNNING);
        assertThat(claim.lease())
                .as("held for 15 s on the store's clock, not until a time of the worker's")
                .isEqualTo(new Change("+15000"));
        assertThat(claim.dispatchAt()).isEqualTo(Change.DROP);
        assertThat(claim.fields())
                .containsEntry(JobFields.WORKER, "w1")
                .containsEntry(JobFields.STARTED_AT, "1000000")
                .containsEntry(JobFields.EXIT_CODE, "")
                .containsEntry(JobFields.ERROR, "");
        assertThat(claim.event())
                .isEqualTo(new JobEvent.StateChanged(
                        JOB, 3, JobState.QUEUED, JobState.RUNNING, WORKER, null, null, NOW, "admin"));
    }

    @Test
    void aCancelEndsAQueuedJobAtOnceButOnlyMarksARunningOne() {
        JobTransition queued = JobTransition.cancelQueued(record(JobState.QUEUED, 0), NOW);
        JobTransition running = JobTransition.requestCancel(record(JobState.RUNNING, 1), NOW);

        assertThat(queued.to()).isEqualTo(JobState.CANCELLED);
        assertThat(queued.logEnd()).isEqualTo(new JobEvent.LogEnd(JOB, 0, JobState.CANCELLED, null));
        assertThat(queued.fields())
                .containsEntry(JobFields.FINISHED_AT, "1000000")
                .containsKey(JobFields.CANCEL_REQUESTED_AT);
        assertThat(running.to()).isEqualTo(JobState.CANCELLING);
        assertThat(running.lease()).isEqualTo(Change.KEEP);
        assertThat(running.logEnd()).isNull();
    }

    @Test
    void aSettledAttemptClosesTheLogWhileARequeueSchedulesTheNextDispatch() {
        JobTransition settled = JobTransition.settle(record(JobState.RUNNING, 1), JobState.FAILED, end(0, 3, null));
        JobTransition requeued =
                JobTransition.requeue(record(JobState.RUNNING, 1), NOW.plusSeconds(2), end(1, null, "lost"));

        assertThat(settled.logEnd()).isEqualTo(new JobEvent.LogEnd(JOB, 1, JobState.FAILED, 3));
        assertThat(settled.fields())
                .containsEntry(JobFields.EXIT_CODE, "3")
                .containsEntry(JobFields.FINISHED_AT, "1000000");
        assertThat(settled.dispatchAt()).isEqualTo(Change.DROP);
        assertThat(requeued.to()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.toAttempt()).isEqualTo(1);
        assertThat(requeued.dispatchAt()).isEqualTo(Change.until(NOW.plusSeconds(2)));
        assertThat(requeued.fields()).containsEntry(JobFields.FAILURES, "1").containsEntry(JobFields.FINISHED_AT, "");
        assertThatThrownBy(() -> JobTransition.settle(record(JobState.RUNNING, 1), JobState.QUEUED, end(0, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLapsedLeaseConditionIsAddedWithoutChangingTheMove() {
        JobTransition settled =
                JobTransition.settle(record(JobState.RUNNING, 1), JobState.FAILED, end(1, null, "lost"));

        JobTransition conditioned = settled.onlyIfLeaseExpired();

        assertThat(settled.requiresLapsedLease()).isFalse();
        assertThat(conditioned.requiresLapsedLease()).isTrue();
        assertThat(conditioned.fields()).isEqualTo(settled.fields());
        assertThat(conditioned.to()).isEqualTo(settled.to());
    }

    private static JobTransition.AttemptEnd end(int failures, Integer exitCode, String error) {
        return new JobTransition.AttemptEnd(failures, exitCode, error, WORKER, NOW);
    }

    private static JobRecord record(JobState state, int attempt) {
        return new JobRecord(
                JOB, state, attempt, 0, 3, attempt == 0 ? null : WORKER, "admin", "default", JobRecord.Times.UNKNOWN);
    }

    private static JobEvent.StateChanged event(JobState from, JobState to) {
        return new JobEvent.StateChanged(JOB, 1, from, to, null, null, null, NOW, "admin");
    }

    private static JobTransition transition(JobState from, JobState to, JobEvent.LogEnd logEnd) {
        return new JobTransition(
                JOB, from, 1, to, 1, event(from, to), Map.of(), Change.KEEP, Change.KEEP, false, logEnd);
    }
}

package dev.slipway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.JobTransition.Change;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTransitionTest {

    private static final JobId JOB = JobId.of("01936f3e-1b2c-7d4e-8f90-a1b2c3d4e5f6");

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
        assertThatThrownBy(() -> transition(JobState.RUNNING, JobState.QUEUED, "{\"type\":\"end\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysNameTheJobItsStateIndexesAndTheSharedSets() {
        JobTransition move = transition(JobState.RUNNING, JobState.QUEUED, null);

        assertThat(move.keys()).containsExactly(
                RedisKeys.job(JOB),
                RedisKeys.jobEvents(JOB),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.jobsInState(JobState.RUNNING),
                RedisKeys.jobsInState(JobState.QUEUED),
                RedisKeys.jobLog(JOB),
                RedisKeys.LEASES,
                RedisKeys.DISPATCH);
    }

    @Test
    void argumentsCarryTheFenceTheChangesAndEveryFieldInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.STATE, "QUEUED");
        fields.put(JobFields.FAILURES, "1");
        JobTransition move = new JobTransition(JOB, JobState.RUNNING, 2, JobState.QUEUED, 3, "{\"e\":1}", fields,
                Change.DROP, Change.until(Instant.ofEpochMilli(5_000)), Instant.ofEpochMilli(4_000), null);

        List<String> args = move.arguments(604_800_000L);

        assertThat(args.subList(0, 13)).containsExactly(
                JOB.value(), "RUNNING", "2", "QUEUED", "3", "{\"e\":1}", "100000", "604800000", "0",
                "-", "5000", "4000", "");
        assertThat(args.subList(13, args.size()))
                .containsExactlyInAnyOrder(JobFields.STATE, "QUEUED", JobFields.FAILURES, "1");
        assertThat(args).hasSize(17);
    }

    @Test
    void aTerminalMoveFlagsRetentionAndCarriesTheLogEnd() {
        JobTransition move = transition(JobState.RUNNING, JobState.FAILED, "{\"type\":\"end\"}");

        List<String> args = move.arguments(1000);

        assertThat(args.get(8)).isEqualTo("1");
        assertThat(args.get(9)).isEqualTo(Change.KEEP.argument());
        assertThat(args.get(11)).isEmpty();
        assertThat(args.get(12)).isEqualTo("{\"type\":\"end\"}");
    }

    @Test
    void fieldsAreCopiedSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<String, String> fields = new LinkedHashMap<>(Map.of(JobFields.STATE, "RUNNING"));
        JobTransition move = new JobTransition(JOB, JobState.QUEUED, 1, JobState.RUNNING, 1, "{}", fields,
                Change.KEEP, Change.KEEP, null, null);

        fields.put("intruder", "x");

        assertThat(move.fields()).containsOnlyKeys(JobFields.STATE);
    }

    private static JobTransition transition(JobState from, JobState to, String logEnd) {
        return new JobTransition(JOB, from, 1, to, 1, "{}", Map.of(), Change.KEEP, Change.KEEP, null, logEnd);
    }
}

package dev.slipway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.JobEvent;
import dev.slipway.model.JobFields;
import dev.slipway.model.JobId;
import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.JobTransition.Change;
import dev.slipway.model.RedisKeys;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TransitionScriptTest {

    private static final JobId JOB = JobId.of("01936f3e-1b2c-7d4e-8f90-a1b2c3d4e5f6");
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void keysNameTheJobItsStateIndexesItsOwnersIndexesAndTheSharedSets() {
        JobTransition move = transition(JobState.RUNNING, JobState.QUEUED, null);

        assertThat(TransitionScript.keys(move))
                .containsExactly(
                        RedisKeys.job(JOB),
                        RedisKeys.jobEvents(JOB),
                        RedisKeys.GLOBAL_EVENTS,
                        RedisKeys.jobsInState(JobState.RUNNING),
                        RedisKeys.jobsInState(JobState.QUEUED),
                        RedisKeys.jobLog(JOB),
                        RedisKeys.LEASES,
                        RedisKeys.DISPATCH,
                        RedisKeys.jobsOfOwnerInState("admin", JobState.RUNNING),
                        RedisKeys.jobsOfOwnerInState("admin", JobState.QUEUED),
                        RedisKeys.jobSecrets(JOB));
    }

    @Test
    void argumentsCarryTheFenceTheChangesAndEveryFieldInOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(JobFields.STATE, "QUEUED");
        fields.put(JobFields.FAILURES, "1");
        JobEvent.StateChanged event = event(JobState.RUNNING, JobState.QUEUED);
        JobTransition move = new JobTransition(
                JOB,
                JobState.RUNNING,
                2,
                JobState.QUEUED,
                3,
                event,
                fields,
                Change.DROP,
                Change.until(Instant.ofEpochMilli(5_000)),
                true,
                null);

        List<String> args = TransitionScript.arguments(move, 604_800_000L, json);

        assertThat(args.subList(0, 13))
                .containsExactly(
                        JOB.value(),
                        "RUNNING",
                        "2",
                        "QUEUED",
                        "3",
                        json.writeValueAsString(event),
                        "100000",
                        "604800000",
                        "0",
                        "-",
                        "5000",
                        "1",
                        "");
        assertThat(args.subList(13, args.size()))
                .containsExactlyInAnyOrder(JobFields.STATE, "QUEUED", JobFields.FAILURES, "1");
        assertThat(args).hasSize(17);
    }

    @Test
    void aTerminalMoveFlagsRetentionAndCarriesTheLogEnd() {
        JobEvent.LogEnd end = new JobEvent.LogEnd(JOB, 1, JobState.FAILED, null);
        JobTransition move = transition(JobState.RUNNING, JobState.FAILED, end);

        List<String> args = TransitionScript.arguments(move, 1000, json);

        assertThat(args.get(8)).isEqualTo("1");
        assertThat(args.get(9)).isEqualTo(Change.KEEP.argument());
        assertThat(args.get(11)).isEmpty();
        assertThat(args.get(12)).isEqualTo(json.writeValueAsString(end)).contains("\"type\":\"end\"");
    }

    @Test
    void everyAnswerOfTheScriptBecomesItsOwnResult() {
        assertThat(TransitionScript.result(List.of("applied"))).isInstanceOf(TransitionScript.Result.Applied.class);
        assertThat(TransitionScript.result(List.of("missing"))).isInstanceOf(TransitionScript.Result.Missing.class);
        assertThat(TransitionScript.result(List.of("conflict", "CANCELLING", "2")))
                .isEqualTo(new TransitionScript.Result.Conflict(JobState.CANCELLING, 2));
        assertThat(TransitionScript.result(List.of("lease-renewed")))
                .isInstanceOf(TransitionScript.Result.LeaseRenewed.class);
        assertThatThrownBy(() -> TransitionScript.result(List.of("OK"))).isInstanceOf(IllegalStateException.class);
    }

    private static JobEvent.StateChanged event(JobState from, JobState to) {
        return new JobEvent.StateChanged(JOB, 1, from, to, null, null, null, Instant.ofEpochMilli(1), "admin");
    }

    private static JobTransition transition(JobState from, JobState to, JobEvent.LogEnd logEnd) {
        return new JobTransition(
                JOB, from, 1, to, 1, event(from, to), Map.of(), Change.KEEP, Change.KEEP, false, logEnd);
    }
}

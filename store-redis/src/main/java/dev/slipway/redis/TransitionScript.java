package dev.slipway.redis;

import dev.slipway.model.JobState;
import dev.slipway.model.JobTransition;
import dev.slipway.model.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calling convention of {@code redis/transition.lua}: the keys and arguments a {@link JobTransition}
 * becomes, and the script's answer as a {@link Result}. The one place either is spelled out.
 */
final class TransitionScript {

    static final String RESOURCE = "redis/transition.lua";

    /** What the script did. */
    sealed interface Result {
        record Applied() implements Result {}

        record Missing() implements Result {}

        /** The job is no longer in the expected state at the expected attempt. */
        record Conflict(JobState state, int attempt) implements Result {}

        /** The move was conditioned on a lapsed lease, and the lease was renewed. */
        record LeaseRenewed() implements Result {}
    }

    private TransitionScript() {}

    static List<String> keys(JobTransition move) {
        return List.of(
                RedisKeys.job(move.jobId()),
                RedisKeys.jobEvents(move.jobId()),
                RedisKeys.GLOBAL_EVENTS,
                RedisKeys.jobsInState(move.from()),
                RedisKeys.jobsInState(move.to()),
                RedisKeys.jobLog(move.jobId()),
                RedisKeys.LEASES,
                RedisKeys.DISPATCH,
                RedisKeys.jobsOfOwnerInState(move.owner(), move.from()),
                RedisKeys.jobsOfOwnerInState(move.owner(), move.to()),
                RedisKeys.jobSecrets(move.jobId()));
    }

    /** @param retentionMillis how long the job's records live once it is terminal (0: forever) */
    static List<String> arguments(JobTransition move, long retentionMillis, JsonMapper json) {
        List<String> args = new ArrayList<>(List.of(
                move.jobId().value(),
                move.from().name(),
                String.valueOf(move.fromAttempt()),
                move.to().name(),
                String.valueOf(move.toAttempt()),
                json.writeValueAsString(move.event()),
                String.valueOf(RedisKeys.GLOBAL_EVENTS_MAX_LENGTH),
                String.valueOf(retentionMillis),
                move.to().isTerminal() ? "1" : "0",
                move.lease().argument(),
                move.dispatchAt().argument(),
                move.requiresLapsedLease() ? "1" : "",
                move.logEnd() == null ? "" : json.writeValueAsString(move.logEnd())));
        move.fields().forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        return args;
    }

    static Result result(List<?> answer) {
        String kind = answer.isEmpty() ? "" : Objects.toString(answer.getFirst());
        return switch (kind) {
            case "applied" -> new Result.Applied();
            case "missing" -> new Result.Missing();
            case "conflict" ->
                new Result.Conflict(
                        JobState.valueOf(answer.get(1).toString()),
                        Integer.parseInt(answer.get(2).toString()));
            case "lease-renewed" -> new Result.LeaseRenewed();
            default -> throw new IllegalStateException("the transition script answered " + answer);
        };
    }
}

package dev.slipway.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The messages of environments on the broker. A {@link Create} goes to its pool's environment queue,
 * where any worker with room takes it; everything later goes to the hosting worker's own queue
 * ({@link EnvironmentTopology}). A message is a prompt, not the truth: the worker reads the
 * environment's record and acts on what it says, so a duplicate or late message does no harm.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = EnvironmentCommand.Create.class, name = "create"),
    @JsonSubTypes.Type(value = EnvironmentCommand.Settle.class, name = "settle"),
    @JsonSubTypes.Type(value = EnvironmentCommand.Exec.class, name = "exec"),
    @JsonSubTypes.Type(value = EnvironmentCommand.PullImage.class, name = "pull-image")
})
public sealed interface EnvironmentCommand {

    /** Make the container of a PENDING environment. */
    record Create(EnvironmentId environmentId) implements EnvironmentCommand {}

    /**
     * Bring the container in line with the record: stop it (STOPPING), start or restart it
     * (STARTING), remove it (a delete was asked for).
     */
    record Settle(EnvironmentId environmentId) implements EnvironmentCommand {}

    /**
     * Run a command in the environment and put the answer ({@link ExecReply} JSON) on the Redis list
     * {@code replyKey}, where the gateway that asked waits for it.
     */
    record Exec(EnvironmentId environmentId, List<String> command, int timeoutSeconds, String replyKey)
            implements EnvironmentCommand {}

    /**
     * Pull an image onto the worker's host ahead of the environments that will need it, reporting
     * progress as {@link ImagePullProgress} in the pull's record ({@link RedisKeys#imagePull}).
     */
    record PullImage(String pullId, String image) implements EnvironmentCommand {}

    /**
     * The answer to an {@link Exec}.
     *
     * @param exitCode null when it timed out or could not run (see {@code error})
     * @param truncated output past the cap was dropped
     */
    record ExecReply(
            @Nullable Integer exitCode,
            String stdout,
            String stderr,
            boolean truncated,
            boolean timedOut,
            @Nullable String error) {}
}

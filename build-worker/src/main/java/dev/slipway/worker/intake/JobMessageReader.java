package dev.slipway.worker.intake;

import dev.slipway.model.JobId;
import dev.slipway.model.JobMessage;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a job message, or says why it cannot be processed, ever: not JSON, an unknown schema
 * version, no job. Such a message is dead-lettered rather than redelivered in a loop; the job id,
 * when it can still be read, lets the job itself be failed with the reason.
 */
@Component
public class JobMessageReader {

    /** What a message body turned out to be. */
    public sealed interface Read {}

    public record Parsed(JobMessage message) implements Read {}

    public record Unreadable(String reason, @Nullable JobId jobId) implements Read {}

    private final JsonMapper json;

    public JobMessageReader(JsonMapper json) {
        this.json = json;
    }

    public Read read(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            return new Unreadable("the job message is not JSON: " + e.getOriginalMessage(), null);
        }
        JobId jobId = jobIdIn(tree);
        int version = tree.path("version").asInt(-1);
        if (version != JobMessage.CURRENT_VERSION) {
            return new Unreadable(
                    "the job message has schema version " + tree.path("version")
                            + ", which this worker does not know (it knows " + JobMessage.CURRENT_VERSION + ")",
                    jobId);
        }
        try {
            JobMessage message = json.treeToValue(tree, JobMessage.class);
            if (message.jobId() == null || message.spec() == null) {
                return new Unreadable("the job message has no job id or no spec", jobId);
            }
            return new Parsed(message);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return new Unreadable("the job message cannot be read: " + e.getMessage(), jobId);
        }
    }

    private static @Nullable JobId jobIdIn(JsonNode tree) {
        JsonNode id = tree.path("jobId");
        return id.isString() && JobId.isWellFormed(id.asString()) ? JobId.of(id.asString()) : null;
    }
}

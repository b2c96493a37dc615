package dev.slipway.cli.job;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /api/v1/jobs} from {@code run}'s arguments: a job file's JSON (or none),
 * then the image, the command and the options on top of it, so that {@code -f job.json --pool p}
 * runs the file's job in another pool. The gateway checks the result field by field.
 */
final class JobSubmission {

    private JobSubmission() {}

    static ObjectNode request(
            JsonMapper json,
            @Nullable JsonNode file,
            @Nullable String image,
            List<String> command,
            @Nullable String pool,
            @Nullable Long timeoutSeconds,
            Map<String, String> env) {
        ObjectNode request;
        if (file == null) {
            request = json.createObjectNode();
        } else if (file.isObject()) {
            request = ((ObjectNode) file).deepCopy();
        } else {
            throw new IllegalArgumentException("the job file must hold a JSON object, as POST /api/v1/jobs takes");
        }
        if (image != null) {
            request.put("image", image);
        }
        if (!request.hasNonNull("image")) {
            throw new IllegalArgumentException("an IMAGE, or a job file (-f) that names one, is needed");
        }
        if (!command.isEmpty()) {
            ArrayNode argv = request.putArray("command");
            command.forEach(argv::add);
            request.remove("script");
        }
        if (pool != null) {
            request.put("pool", pool);
        }
        if (timeoutSeconds != null) {
            request.put("timeoutSeconds", timeoutSeconds);
        }
        if (!env.isEmpty()) {
            ObjectNode variables =
                    request.get("env") instanceof ObjectNode existing ? existing : request.putObject("env");
            env.forEach(variables::put);
        }
        return request;
    }

    /** The job starts from an upload: its {@code source} is replaced, whatever the job file named. */
    static void withUpload(ObjectNode request, String uploadId) {
        request.putObject("source").put("upload", uploadId);
    }
}

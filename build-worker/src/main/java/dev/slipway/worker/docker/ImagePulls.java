package dev.slipway.worker.docker;

import static dev.slipway.worker.docker.EngineCalls.call;
import static dev.slipway.worker.docker.EngineCalls.closeQuietly;
import static dev.slipway.worker.docker.EngineCalls.firstLine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import dev.slipway.worker.execution.ImageUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Pulls an image that a container create found missing, for jobs and environments alike. */
final class ImagePulls {

    private ImagePulls() {}

    /**
     * @param streams a client without a response timeout: a pull may be silent for a long time,
     *     and {@code pullTimeout} bounds it instead
     */
    static void pull(DockerClient streams, String image, Duration pullTimeout) {
        pull(streams, image, pullTimeout, new PullImageResultCallback());
    }

    /** As {@link #pull(DockerClient, String, Duration)}, telling {@code callback} each message of the engine. */
    static void pull(DockerClient streams, String image, Duration pullTimeout, PullImageResultCallback callback) {
        String reference = ImageNames.withDefaultTag(image);
        PullImageResultCallback pull = call(
                "pulling image " + image, () -> streams.pullImageCmd(reference).exec(callback));
        try {
            if (!pull.awaitCompletion(pullTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImageUnavailableException(
                        "image '" + image + "' is not on this host and its pull did not finish within " + pullTimeout);
            }
            pull.awaitCompletion(); // rethrows the error the pull ended with, if any
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageUnavailableException("interrupted while pulling image '" + image + "'", e);
        } catch (DockerException | DockerClientException e) {
            throw new ImageUnavailableException(
                    "image '" + image + "' is not on this host and could not be pulled: " + firstLine(e.getMessage()),
                    e);
        } finally {
            closeQuietly(pull);
        }
    }
}

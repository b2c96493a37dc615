package dev.slipway.worker.build;

import dev.slipway.worker.output.OutputListener;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Docker engine of this worker's host, as an image build job needs it: build a context into
 * tagged images, push them, and remove what a build left. Engine failures (the engine cannot be
 * reached, it answers an error for the request itself) are
 * {@link dev.slipway.worker.execution.ContainerRuntimeException}: the platform failed, and another
 * attempt may succeed. A build step or a push that fails is the job's own failure: {@link ImageBuildFailedException}.
 */
public interface ImageBuilder {

    /**
     * Builds the context with the classic builder, streaming every line of its output to
     * {@code output} as it comes, and tags the image with every tag.
     *
     * @param context a tar of the build context (the caller closes it)
     * @param dockerfile the Dockerfile's path inside the context
     * @param labels labels of the built image (the job's id, so that leftovers can be found)
     * @param sandbox what the build's steps run in
     * @param stopped asked about once a second; when it answers true the build is abandoned
     * @return the built image's id ({@code sha256:…})
     * @throws ImageBuildFailedException when a step fails, naming the engine's message
     * @throws BuildStoppedException when the build ran past {@code timeout} or {@code stopped} said so
     */
    String build(
            InputStream context,
            String dockerfile,
            Map<String, String> buildArgs,
            List<String> tags,
            Map<String, String> labels,
            BuildSandbox sandbox,
            OutputListener output,
            Duration timeout,
            BooleanSupplier stopped);

    /** Gives an image one more name ({@code docker tag}). */
    void tag(String imageId, String reference);

    /** Takes a name off an image that has others ({@code docker rmi} of a tag); a missing one is fine. */
    void untag(String reference);

    /**
     * Pushes one tag, streaming the engine's progress lines to {@code output}.
     *
     * @param credentials the registry's credentials, or null to push without any
     * @return the pushed manifest's digest ({@code sha256:…}), as the registry reported it
     * @throws ImageBuildFailedException when the registry refused the push: the engine reports that
     *     inside a 200 stream, and the exception carries the registry's message
     * @throws BuildStoppedException as for {@link #build}
     */
    String push(
            String tag,
            @Nullable RegistryCredentials credentials,
            OutputListener output,
            Duration timeout,
            BooleanSupplier stopped);
}

package dev.slipway.worker.docker;

import dev.slipway.worker.build.ImageBuildFailedException;
import java.util.regex.Pattern;

/**
 * A tag split as the engine's push API takes it: the repository goes in the path, the tag in a
 * parameter. {@code 127.0.0.1:5000/team/app:1.0} is {@code 127.0.0.1:5000/team/app} and {@code 1.0}.
 */
record PushReference(String repository, String tag) {

    /** The tag grammar of the distribution spec. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /**
     * @throws ImageBuildFailedException when the reference names no tag to push: a digest, or an
     *     empty part; the tag came with the job, so the job is at fault
     */
    static PushReference parse(String reference) {
        if (reference.contains("@")) {
            throw invalid(reference, "a digest names content, not a tag to push");
        }
        // A colon before the last slash is a registry's port, not a tag.
        int tagColon = reference.indexOf(':', reference.lastIndexOf('/') + 1);
        String repository = tagColon < 0 ? reference : reference.substring(0, tagColon);
        String tag = tagColon < 0 ? "latest" : reference.substring(tagColon + 1);
        if (repository.isBlank() || repository.endsWith("/")) {
            throw invalid(reference, "it names no repository");
        }
        if (!TAG.matcher(tag).matches()) {
            throw invalid(reference, "'" + tag + "' is not a valid tag");
        }
        return new PushReference(repository, tag);
    }

    /** The reference the engine knows the local image by. */
    String reference() {
        return repository + ":" + tag;
    }

    private static ImageBuildFailedException invalid(String reference, String why) {
        return new ImageBuildFailedException("cannot push '" + reference + "': " + why);
    }
}

package dev.slipway.worker.docker;

/** Reference arithmetic the engine's pull API needs. */
final class ImageNames {

    private ImageNames() {}

    /**
     * The reference with {@code :latest} added when it names neither a tag nor a digest: the pull
     * API given a bare repository pulls every tag of it.
     */
    static String withDefaultTag(String reference) {
        if (reference.contains("@")) {
            return reference;
        }
        int lastSlash = reference.lastIndexOf('/');
        boolean tagged = reference.indexOf(':', lastSlash + 1) >= 0;
        return tagged ? reference : reference + ":latest";
    }
}

package dev.slipway.worker.build;

/** The parts of a tag as a registry reads them. */
final class PushTags {

    private PushTags() {}

    /** {@code 127.0.0.1:5000/team/app:1.0} is {@code 127.0.0.1:5000/team/app}: a colon before the last slash is a port. */
    static String repositoryOf(String tag) {
        int colon = tag.indexOf(':', tag.lastIndexOf('/') + 1);
        return colon < 0 ? tag : tag.substring(0, colon);
    }
}

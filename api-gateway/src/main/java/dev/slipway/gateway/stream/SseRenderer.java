package dev.slipway.gateway.stream;

import java.io.IOException;

/** Turns the entries of one stream into Server-Sent Events, and knows which entry ends the stream. */
@FunctionalInterface
interface SseRenderer {

    /** Writes the events of one entry; true when nothing can follow it. */
    boolean render(StreamEntry entry, SseWriter out) throws IOException;

    /**
     * Writes the closing event of a stream whose job has ended although no entry ended the stream
     * (a job cancelled before it ran has no log end marker).
     *
     * @param lastEntryId the last entry rendered, or the position the client resumed from
     */
    default void renderEnd(JobEnd end, String lastEntryId, SseWriter out) throws IOException {}
}

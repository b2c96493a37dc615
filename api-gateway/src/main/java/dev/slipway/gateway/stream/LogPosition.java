package dev.slipway.gateway.stream;

import java.util.Optional;

/**
 * Where a log client is: the stream entry and the index of the last line it received within that
 * entry (entries batch many lines). Written as the SSE event id {@code <entry id>.<line index>}, so
 * a reconnecting client's {@code Last-Event-ID} says exactly which line to continue after.
 */
record LogPosition(String entryId, int lineIndex) {

    /** Before the first line of the log. */
    static final LogPosition START = new LogPosition(EventStreams.BEGINNING, Integer.MAX_VALUE);

    static Optional<LogPosition> parse(String eventId) {
        int dot = eventId.lastIndexOf('.');
        String entry = dot < 0 ? eventId : eventId.substring(0, dot);
        if (!StreamIds.isValid(entry)) {
            return Optional.empty();
        }
        if (dot < 0) {
            return Optional.of(new LogPosition(entry, Integer.MAX_VALUE)); // the whole entry was seen
        }
        try {
            int index = Integer.parseInt(eventId.substring(dot + 1));
            return index < 0 ? Optional.empty() : Optional.of(new LogPosition(entry, index));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The index of the first line of entry {@code id} after this position: 0 for a later entry,
     * {@link Integer#MAX_VALUE} for an entry already seen whole. Asked once per entry, not per line.
     */
    int firstLineAfter(String id) {
        int byEntry = StreamIds.compare(id, entryId);
        if (byEntry > 0) {
            return 0;
        }
        return byEntry == 0 && lineIndex != Integer.MAX_VALUE ? lineIndex + 1 : Integer.MAX_VALUE;
    }

    /** The entry id to read from so that the partly seen entry is read again. */
    String readAfterId() {
        if (lineIndex == Integer.MAX_VALUE || entryId.equals(EventStreams.BEGINNING)) {
            return entryId;
        }
        int dash = entryId.indexOf('-');
        long sequence = Long.parseUnsignedLong(entryId.substring(dash + 1));
        long millis = Long.parseUnsignedLong(entryId.substring(0, dash));
        if (sequence > 0) {
            return millis + "-" + (sequence - 1);
        }
        return millis == 0 ? EventStreams.BEGINNING : (millis - 1) + "-" + Long.toUnsignedString(-1L);
    }
}

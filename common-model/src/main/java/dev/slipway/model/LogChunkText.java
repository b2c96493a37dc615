package dev.slipway.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The form a batch of log lines takes in a job's log stream: plain UTF-8 text rather than JSON,
 * because a log carries millions of short lines and JSON cost the worker and the gateway more
 * per line than the line itself (a 6-byte line of {@code seq} took ~50 bytes, quoted and escaped, and
 * a parse of three named fields). The text is
 * <pre>
 * L1 &lt;attempt&gt; &lt;at&gt;\n
 * o&lt;text of a stdout line&gt;\n
 * e&lt;text of a stderr line&gt;\n
 * ...
 * </pre>
 * where {@code at} is the time (epoch milliseconds) the batch's first line was read; every line of
 * the chunk is given that time when read back (a batch spans at most the worker's batch window). A
 * line never holds a line feed (the worker splits output on them); one that did would be written as
 * two lines. The one other entry of a log stream, the end marker ({@link JobEvent.LogEnd}), is JSON,
 * which never starts with {@code L}.
 *
 * <p>Both ends work on bytes ({@link Builder}, {@link Cursor}): the
 * worker copies a line from the container's output into the chunk, and the gateway from the chunk
 * into the event stream, without a String per line.
 */
public final class LogChunkText {

    static final String HEADER = "L1 ";
    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte STDOUT_TAG = 'o';
    private static final byte STDERR_TAG = 'e';

    private LogChunkText() {}

    /**
     * Builds one chunk as UTF-8 bytes. Not thread-safe. A line given as bytes must be valid UTF-8
     * without a line feed, as a line splitter's output is; the caller guarantees it, because checking
     * would cost another pass over every byte of a log.
     */
    public static final class Builder {

        private byte[] bytes;
        private int size;
        private int lines;

        /** Starts a chunk of the given attempt whose first line was read at {@code at} (epoch milliseconds). */
        public Builder(int attempt, long at, int initialCapacity) {
            byte[] header = (HEADER + attempt + ' ' + at + '\n').getBytes(StandardCharsets.US_ASCII);
            bytes = new byte[Math.max(initialCapacity, header.length + 16)];
            System.arraycopy(header, 0, bytes, 0, header.length);
            size = header.length;
        }

        /** Appends a line: {@code length} bytes of valid UTF-8 without a line feed. */
        public void line(LogStream stream, byte[] text, int offset, int length) {
            ensureCapacity(size + length + 2);
            bytes[size++] = stream == LogStream.STDERR ? STDERR_TAG : STDOUT_TAG;
            System.arraycopy(text, offset, bytes, size, length);
            size += length;
            bytes[size++] = '\n';
            lines++;
        }

        public int lines() {
            return lines;
        }

        /** Bytes so far, the header included. */
        public int size() {
            return size;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensureCapacity(int needed) {
            if (needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
            }
        }
    }

    /** Whether a stream entry's payload, as stored, is a log chunk in this form. */
    public static boolean isChunk(byte[] payload) {
        return Arrays.equals(
                payload, 0, Math.min(payload.length, HEADER_BYTES.length), HEADER_BYTES, 0, HEADER_BYTES.length);
    }

    /**
     * Reads the lines of a chunk in order, each as a range of the chunk's own bytes (UTF-8):
     * {@code while (cursor.next()) { ... cursor.from(), cursor.to() ... }}. A cursor rather than a
     * callback, so that what handles each line may throw what it needs to (a client gone).
     */
    public static final class Cursor {

        private final byte[] chunk;
        private int position;
        private int index = -1;
        private LogStream stream = LogStream.STDOUT;
        private int from;
        private int to;

        /** @throws IllegalArgumentException when the payload is not a chunk in this form */
        public Cursor(byte[] chunk) {
            this.chunk = chunk;
            this.position = headerEnd(chunk) + 1;
        }

        /**
         * Moves to the next line; false after the last.
         *
         * @throws IllegalArgumentException when a line has no stream tag this form knows
         */
        public boolean next() {
            while (position < chunk.length) {
                int end = indexOf(chunk, position);
                if (end < 0) {
                    end = chunk.length; // written by hand, without the last line feed
                }
                int start = position;
                position = end + 1;
                if (end > start) {
                    stream = switch (chunk[start]) {
                        case STDOUT_TAG -> LogStream.STDOUT;
                        case STDERR_TAG -> LogStream.STDERR;
                        default ->
                            throw new IllegalArgumentException("not a log chunk line: "
                                    + new String(chunk, start, end - start, StandardCharsets.UTF_8));
                    };
                    from = start + 1;
                    to = end;
                    index++;
                    return true;
                }
            }
            return false;
        }

        /** The line's index within the chunk, from 0. */
        public int index() {
            return index;
        }

        public LogStream stream() {
            return stream;
        }

        /** The chunk itself: the line is {@code chunk()[from(), to())}. */
        public byte[] chunk() {
            return chunk;
        }

        public int from() {
            return from;
        }

        public int to() {
            return to;
        }

        public String text() {
            return new String(chunk, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /** Where the header line ends; throws when the payload is not a chunk. */
    private static int headerEnd(byte[] payload) {
        int end = indexOf(payload, 0);
        if (!isChunk(payload) || end < 0) {
            throw new IllegalArgumentException(
                    "not a log chunk: " + new String(payload, 0, Math.min(40, payload.length), StandardCharsets.UTF_8));
        }
        return end;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}

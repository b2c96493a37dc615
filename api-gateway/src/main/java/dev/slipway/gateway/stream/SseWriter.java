package dev.slipway.gateway.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the text/event-stream format as UTF-8 bytes. A data value is written verbatim; the only
 * characters the format cannot carry are line breaks, so a carriage return inside a line starts a
 * new {@code data:} line (a client joins them with a newline).
 *
 * <p>Events are built in a byte buffer and handed to the response as they are: a log line goes
 * from the bytes of its chunk to the response without becoming a String (a stream of a million
 * lines made two copies of each through a StringBuilder and an encoder). The buffer starts small,
 * since most streams are idle subscribers, and is passed on whenever it holds {@link #SPILL_BYTES},
 * so a page of history never sits whole in memory.
 */
final class SseWriter {

    private static final int SPILL_BYTES = 32 * 1024;
    private static final byte[] ID = ascii("id: ");
    private static final byte[] EVENT = ascii("event: ");
    private static final byte[] DATA = ascii("data: ");

    private final OutputStream out;
    private byte[] buffer = new byte[256];
    private int size;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** The bytes of a name or id made of ASCII characters, to write many times. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    SseWriter retry(long millis) throws IOException {
        append(ascii("retry: " + millis + "\n\n"));
        return spillIfFull();
    }

    SseWriter event(String id, String name, String data) throws IOException {
        return event(id, name, data.getBytes(StandardCharsets.UTF_8));
    }

    /** An event whose data is UTF-8 as stored (a state event, relayed without decoding it). */
    SseWriter event(String id, String name, byte[] data) throws IOException {
        append(ID).append(id.getBytes(StandardCharsets.UTF_8)).append((byte) '\n');
        return eventBody(ascii(name), data, 0, data.length);
    }

    /**
     * An event whose id is {@code <entryId>.<index>} and whose data is {@code data[from, to)}, UTF-8:
     * the form every log line takes, so nothing here makes an object.
     */
    SseWriter event(byte[] entryId, int index, byte[] name, byte[] data, int from, int to) throws IOException {
        append(ID).append(entryId).append((byte) '.').appendDecimal(index).append((byte) '\n');
        return eventBody(name, data, from, to);
    }

    private SseWriter eventBody(byte[] name, byte[] data, int from, int to) throws IOException {
        append(EVENT).append(name).append((byte) '\n');
        int start = from;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (b == '\r' || b == '\n') { // never part of a multi-byte UTF-8 character
                appendData(data, start, i);
                if (b == '\r' && i + 1 < to && data[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < to || start == from) {
            appendData(data, start, to);
        }
        append((byte) '\n');
        return spillIfFull();
    }

    SseWriter comment(String text) throws IOException {
        append((byte) ':')
                .append((byte) ' ')
                .append(text.getBytes(StandardCharsets.UTF_8))
                .append((byte) '\n')
                .append((byte) '\n');
        return spillIfFull();
    }

    /** Sends what was written so far; throws when the client has gone. */
    void flush() throws IOException {
        passOn();
        out.flush();
    }

    private SseWriter spillIfFull() throws IOException {
        if (size >= SPILL_BYTES) {
            passOn();
        }
        return this;
    }

    private void passOn() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    private void appendData(byte[] data, int from, int to) {
        append(DATA);
        ensureCapacity(to - from + 1);
        System.arraycopy(data, from, buffer, size, to - from);
        size += to - from;
        buffer[size++] = '\n';
    }

    private SseWriter append(byte[] bytes) {
        ensureCapacity(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    private SseWriter append(byte b) {
        ensureCapacity(1);
        buffer[size++] = b;
        return this;
    }

    /** Appends a non-negative number (a line's index) in decimal. */
    private SseWriter appendDecimal(int value) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensureCapacity(digits);
        for (int i = size + digits - 1, rest = value; i >= size; i--, rest /= 10) {
            buffer[i] = (byte) ('0' + rest % 10);
        }
        size += digits;
        return this;
    }

    private void ensureCapacity(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
        }
    }
}

package dev.slipway.worker.execution;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one output stream into lines. The engine delivers frames that do not follow line
 * boundaries, so a partial line is kept until its newline arrives or {@link #flush} is called. A
 * line longer than the limit is emitted in pieces (cut at a UTF-8 character boundary), never dropped.
 */
final class LineSplitter {

    /** Receives each line without its terminating newline, and its size in bytes. */
    interface Lines {
        void line(String text, int bytes);
    }

    private final int maxLineBytes;
    private final Lines lines;
    private byte[] partial = new byte[256];
    private int length;

    LineSplitter(int maxLineBytes, Lines lines) {
        if (maxLineBytes < 4) {
            throw new IllegalArgumentException("a line must hold at least one UTF-8 character");
        }
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
    }

    void accept(byte[] bytes, int offset, int count) {
        int end = offset + count;
        int start = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                emit(length);
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Emits what is left of a last line that had no newline. */
    void flush() {
        if (length > 0) {
            emit(length);
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        while (count > 0) {
            int room = maxLineBytes - length;
            if (room == 0) {
                emit(boundaryAtOrBefore(length));
                continue;
            }
            int n = Math.min(room, count);
            ensureCapacity(length + n);
            System.arraycopy(bytes, offset, partial, length, n);
            length += n;
            offset += n;
            count -= n;
        }
    }

    /** Where a long line may be cut without splitting a multi-byte character. */
    private int boundaryAtOrBefore(int index) {
        int cut = index;
        while (cut > 0 && (partial[cut] & 0xC0) == 0x80 && index - cut < 4) {
            cut--;
        }
        return cut == 0 ? index : cut;
    }

    private void emit(int count) {
        lines.line(new String(partial, 0, count, StandardCharsets.UTF_8), count);
        System.arraycopy(partial, count, partial, 0, length - count);
        length -= count;
    }

    private void ensureCapacity(int needed) {
        if (needed > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(needed, Math.min(partial.length * 2, maxLineBytes)));
        }
    }
}

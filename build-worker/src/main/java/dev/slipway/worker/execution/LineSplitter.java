package dev.slipway.worker.execution;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one output stream into lines. The engine delivers frames that do not follow line
 * boundaries, so a partial line is kept until its newline arrives or {@link #flush} is called. A
 * line longer than the limit is emitted in pieces (cut at a UTF-8 character boundary), never dropped.
 *
 * <p>Lines are handed on as bytes, straight out of the frame when a line lies within one: a log
 * carries millions of lines, and a String per line was most of the worker's cost per line. A line
 * that is not valid UTF-8 (a program printing binary) is repaired first, each bad sequence replaced
 * by U+FFFD, so that the stored log is always valid UTF-8; ASCII lines, the common case, are only
 * scanned.
 */
final class LineSplitter {

    /** Receives each line, without its terminating newline, as {@code length} bytes of valid UTF-8 from {@code offset}. */
    interface LineHandler {
        void line(byte[] bytes, int offset, int length);
    }

    private final int maxLineBytes;
    private final LineHandler lines;
    private byte[] partial = new byte[256];
    private int length;

    LineSplitter(int maxLineBytes, LineHandler lines) {
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
                if (length == 0 && i - start <= maxLineBytes) {
                    emit(bytes, start, i - start); // the whole line is in this frame
                } else {
                    append(bytes, start, i - start);
                    emitPartial(length);
                }
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Emits what is left of a last line that had no newline. */
    void flush() {
        if (length > 0) {
            emitPartial(length);
        }
    }

    private void append(byte[] bytes, int offset, int count) {
        while (count > 0) {
            int room = maxLineBytes - length;
            if (room == 0) {
                emitPartial(cutPoint());
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

    /**
     * Where a full buffer may be cut without splitting a multi-byte character: before the last
     * character if its bytes are not all here yet, else after everything.
     */
    private int cutPoint() {
        int lead = length - 1;
        while (lead > 0 && length - lead < 4 && (partial[lead] & 0xC0) == 0x80) {
            lead--; // back over continuation bytes to the character's first byte
        }
        boolean incomplete = characterLength(partial[lead]) > length - lead;
        return incomplete && lead > 0 ? lead : length;
    }

    /** How many bytes the UTF-8 character starting with this byte has (1 for a byte that starts none). */
    private static int characterLength(byte first) {
        if ((first & 0xE0) == 0xC0) {
            return 2;
        }
        if ((first & 0xF0) == 0xE0) {
            return 3;
        }
        return (first & 0xF8) == 0xF0 ? 4 : 1;
    }

    private void emitPartial(int count) {
        emit(partial, 0, count);
        System.arraycopy(partial, count, partial, 0, length - count);
        length -= count;
    }

    private void emit(byte[] bytes, int offset, int count) {
        if (isAscii(bytes, offset, count)) {
            lines.line(bytes, offset, count);
        } else {
            // Decoding replaces malformed sequences; valid text comes back byte for byte.
            byte[] repaired = new String(bytes, offset, count, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            lines.line(repaired, 0, repaired.length);
        }
    }

    private static boolean isAscii(byte[] bytes, int offset, int count) {
        int bits = 0;
        for (int i = offset; i < offset + count; i++) {
            bits |= bytes[i];
        }
        return bits >= 0;
    }

    private void ensureCapacity(int needed) {
        if (needed > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(needed, Math.min(partial.length * 2, maxLineBytes)));
        }
    }
}

package dev.slipway.worker.execution;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;

/**
 * Replaces a job's secret values in its output by {@code [MASKED]}, as GitLab masks variables.
 * Values shorter than {@link #MIN_LENGTH} are not masked: masking {@code on} or {@code 1} would
 * garble the log and hide nothing. A value is found within one line; one cut in two by the line
 * length limit is not.
 */
final class SecretMasker {

    static final int MIN_LENGTH = 6;
    private static final byte[] MASK = "[MASKED]".getBytes(StandardCharsets.US_ASCII);
    static final SecretMasker NONE = new SecretMasker(new byte[0][]);

    /** The values to mask as UTF-8, longest first, so that a value containing another is masked whole. */
    private final byte[][] values;

    private SecretMasker(byte[][] values) {
        this.values = values;
    }

    static SecretMasker of(Collection<String> secretValues) {
        byte[][] values = secretValues.stream()
                .filter(value -> value.length() >= MIN_LENGTH)
                .map(value -> value.getBytes(StandardCharsets.UTF_8))
                .sorted(Comparator.comparingInt((byte[] value) -> value.length).reversed())
                .toArray(byte[][]::new);
        return values.length == 0 ? NONE : new SecretMasker(values);
    }

    boolean masksNothing() {
        return values.length == 0;
    }

    /** A text (an error to record, say) with every secret in it replaced. */
    String mask(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Line line = mask(bytes, 0, bytes.length);
        return new String(line.bytes(), line.offset(), line.length(), StandardCharsets.UTF_8);
    }

    /** A line, given as a range of bytes, with every secret in it replaced. */
    record Line(byte[] bytes, int offset, int length) {}

    Line mask(byte[] bytes, int offset, int length) {
        int end = offset + length;
        ByteArrayOutputStream masked = null;
        int copiedUpTo = offset;
        for (int i = offset; i < end; ) {
            byte[] found = secretAt(bytes, i, end);
            if (found == null) {
                i++;
                continue;
            }
            if (masked == null) {
                masked = new ByteArrayOutputStream(length);
            }
            masked.write(bytes, copiedUpTo, i - copiedUpTo);
            masked.write(MASK, 0, MASK.length);
            i += found.length;
            copiedUpTo = i;
        }
        if (masked == null) {
            return new Line(bytes, offset, length);
        }
        masked.write(bytes, copiedUpTo, end - copiedUpTo);
        byte[] result = masked.toByteArray();
        return new Line(result, 0, result.length);
    }

    private byte @org.jspecify.annotations.Nullable [] secretAt(byte[] bytes, int at, int end) {
        for (byte[] value : values) {
            if (value[0] == bytes[at]
                    && at + value.length <= end
                    && Arrays.equals(bytes, at, at + value.length, value, 0, value.length)) {
                return value;
            }
        }
        return null;
    }
}

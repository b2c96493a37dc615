package dev.slipway.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes a stream on while counting its bytes and hashing them, and stops it past a size: what
 * every adapter's {@code put} reads through, so that size, checksum and limit mean the same in all.
 */
public final class Sha256Counting extends FilterInputStream {

    private final MessageDigest digest;
    private final long maxBytes;
    private final ObjectKey key;
    private long count;

    public Sha256Counting(InputStream in, ObjectKey key, long maxBytes) {
        super(in);
        this.key = key;
        this.maxBytes = maxBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
            counted(n);
        }
        return n;
    }

    private void counted(int n) {
        count += n;
        if (count > maxBytes) {
            throw new TooLargeException(key, maxBytes);
        }
    }

    public long count() {
        return count;
    }

    /** The hex SHA-256 of what was read; call once, at the end. */
    public String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}

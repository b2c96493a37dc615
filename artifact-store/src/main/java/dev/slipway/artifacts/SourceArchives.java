package dev.slipway.artifacts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How an uploaded source reads as a plain tar: the gateway checks an upload is one before it is
 * recorded, and the worker unpacks it, so both must tell a gzip-compressed archive (as
 * {@code tar czf} makes it) from a plain one the same way, by its first two bytes.
 */
public final class SourceArchives {

    private static final int BUFFER = 64 * 1024;
    private static final int GZIP_FIRST = 0x1f;
    private static final int GZIP_SECOND = 0x8b;

    private SourceArchives() {}

    /** The archive's tar bytes, decompressed when it is gzip. */
    public static InputStream plainTar(InputStream upload) throws IOException {
        BufferedInputStream in = new BufferedInputStream(upload, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_FIRST && second == GZIP_SECOND ? new GZIPInputStream(in, BUFFER) : in;
    }
}

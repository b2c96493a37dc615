package dev.slipway.worker.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** An upload as a plain tar: gzip-compressed ones (as {@code tar czf} makes them) are told by their first two bytes. */
final class Decompression {

    private Decompression() {}

    static InputStream plainTar(InputStream upload) throws IOException {
        BufferedInputStream in = new BufferedInputStream(upload, 64 * 1024);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }
}

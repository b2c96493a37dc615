package dev.slipway.gateway.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that remembers whether reading it failed: the store reports any failure of a put
 * alike, and a client that went away mid-upload is a 400, not the store's 503.
 */
final class ClientBody extends FilterInputStream {

    private volatile boolean cutOff;

    ClientBody(InputStream body) {
        super(body);
    }

    boolean cutOff() {
        return cutOff;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            cutOff = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            cutOff = true;
            throw e;
        }
    }
}

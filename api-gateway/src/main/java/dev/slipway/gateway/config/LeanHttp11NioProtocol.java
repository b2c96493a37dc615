package dev.slipway.gateway.config;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 connector with a small response buffer. Tomcat gives every connection's
 * response an 8 KB byte buffer and an 8 K-character buffer (24 KB) and keeps them while the
 * request lasts: for an event stream, as long as its client watches. The only hook for their size
 * is the protocol's desired buffer size (AJP uses it for its packet size). Events are flushed as
 * they come, and writes larger than the buffer go straight through it; a JSON body larger than it
 * is sent chunked instead of with a Content-Length.
 *
 * <p>Public with a public constructor: Tomcat creates the protocol from its class name.
 */
public class LeanHttp11NioProtocol extends Http11NioProtocol {

    /** The response buffer of each connection, in bytes (and characters). */
    static final int RESPONSE_BUFFER_SIZE = 1024;

    @Override
    public int getDesiredBufferSize() {
        return RESPONSE_BUFFER_SIZE;
    }
}

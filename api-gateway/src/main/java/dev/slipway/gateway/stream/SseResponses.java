package dev.slipway.gateway.stream;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Starts an event stream on the request's own thread. Requests run on virtual threads, so a stream
 * that lasts as long as a build holds no platform thread, and writing on the request thread means
 * every flush reaches the client at once.
 */
final class SseResponses {

    private SseResponses() {}

    static OutputStream start(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // nginx and similar proxies buffer responses by default, which would hold events back.
        response.setHeader("X-Accel-Buffering", "no");
        response.setBufferSize(1024); // events are flushed as they come: a large buffer only costs memory

        OutputStream out = response.getOutputStream();
        response.flushBuffer();
        return out;
    }
}

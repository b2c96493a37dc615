package dev.slipway.gateway.stream;

import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The headers every event stream is sent with. */
final class SseResponses {

    private SseResponses() {}

    static ResponseEntity<StreamingResponseBody> of(StreamingResponseBody body) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                // nginx and similar proxies buffer responses by default, which would hold events back.
                .header("X-Accel-Buffering", "no")
                .body(body);
    }
}

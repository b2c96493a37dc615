package dev.slipway.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static SseReader reader(String stream) {
        return new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsIdsTypesAndDataSkippingCommentsAndRetry() throws Exception {
        try (SseReader events = reader("""
                retry: 1000

                id: 1-0.0
                event: stdout
                data: hello

                : keep-alive

                id: 1-0.1
                event: stderr
                data: warning

                """)) {
            assertThat(events.next()).isEqualTo(new SseEvent("1-0.0", "stdout", "hello"));
            assertThat(events.next()).isEqualTo(new SseEvent("1-0.1", "stderr", "warning"));
            assertThat(events.next()).isNull();
        }
    }

    @Test
    void keepsLeadingSpacesBeyondTheFirstAndJoinsDataLinesWithNewlines() throws Exception {
        try (SseReader events = reader("event: stdout\ndata:   indented\ndata: second\n\ndata:nospace\n\n")) {
            assertThat(events.next()).isEqualTo(new SseEvent(null, "stdout", "  indented\nsecond"));
            assertThat(events.next()).isEqualTo(new SseEvent(null, "message", "nospace"));
        }
    }

    @Test
    void acceptsCrlfAndCrLineEnds() throws Exception {
        try (SseReader events = reader("id: a\r\nevent: stdout\r\ndata: x\r\n\r\nid: b\revent: end\rdata: {}\r\r")) {
            assertThat(events.next()).isEqualTo(new SseEvent("a", "stdout", "x"));
            assertThat(events.next()).isEqualTo(new SseEvent("b", "end", "{}"));
        }
    }

    @Test
    void dropsAnEventTheStreamCutOffBeforeItsBlankLine() throws Exception {
        try (SseReader events = reader("id: 1\nevent: stdout\ndata: whole\n\nid: 2\nevent: stdout\ndata: cut")) {
            assertThat(events.next()).isEqualTo(new SseEvent("1", "stdout", "whole"));
            assertThat(events.next()).isNull();
        }
    }
}

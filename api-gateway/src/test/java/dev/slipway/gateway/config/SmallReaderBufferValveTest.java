package dev.slipway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.CharsetHolder;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.junit.jupiter.api.Test;

/** The request reader buffer the valve shrinks: found in this Tomcat, small, and still reading any body. */
class SmallReaderBufferValveTest {

    @Test
    void aRequestsReaderBufferIsSmallAndStillReadsABodyManyTimesItsSize() throws Exception {
        assertThat(SmallReaderBufferValve.available())
                .as("Tomcat's fields are where the valve looks for them")
                .isTrue();
        String body = "é€".repeat(5_000) + " end"; // two- and three-byte characters across buffer boundaries
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.setCharsetHolder(CharsetHolder.getInstance(StandardCharsets.UTF_8));
        coyote.setResponse(new org.apache.coyote.Response());
        coyote.setInputBuffer(new org.apache.coyote.InputBuffer() {
            private int sent;

            @Override
            public int doRead(ApplicationBufferHandler handler) {
                if (sent == bytes.length) {
                    return -1;
                }
                int length = Math.min(1000, bytes.length - sent); // as a socket delivers it
                handler.setByteBuffer(ByteBuffer.wrap(bytes, sent, length));
                sent += length;
                return length;
            }

            @Override
            public int available() {
                return bytes.length - sent;
            }
        });
        Request request = new Connector(LeanHttp11NioProtocol.class.getName()).createRequest(coyote);

        SmallReaderBufferValve.shrink(request);

        SmallReaderBufferValve.Fields fields = SmallReaderBufferValve.Fields.find();
        assertThat(fields).isNotNull();
        InputBuffer input = (InputBuffer) fields.inputBuffer().get(request);
        assertThat(((CharBuffer) fields.chars().get(input)).capacity())
                .isEqualTo(SmallReaderBufferValve.READER_BUFFER_SIZE);
        try (BufferedReader reader = request.getReader()) {
            assertThat(reader.lines().collect(Collectors.joining("\n"))).isEqualTo(body);
        }
    }
}

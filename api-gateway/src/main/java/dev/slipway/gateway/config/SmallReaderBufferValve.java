package dev.slipway.gateway.config;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.CharBuffer;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request a small buffer for reading its body as characters. Tomcat allocates 8 K
 * characters (16 KB) for it with every connection's request object and keeps it for as long as
 * the request lasts: for an event stream, as long as its client watches (a third of an idle
 * subscriber's memory went to this and the response buffers). Nothing in the gateway reads a body as
 * characters (JSON and uploads are read as bytes), and a smaller buffer still reads any body, in
 * more steps.
 *
 * <p>Tomcat has no setting for this buffer, so the valve replaces it, once per request object
 * (Tomcat reuses them, and keeps a smaller buffer when it recycles one). Should a Tomcat upgrade
 * rename the fields, the valve says so once at start-up and leaves the buffers as they are;
 * {@code SmallReaderBufferValveTest} fails first.
 */
final class SmallReaderBufferValve extends ValveBase {

    private static final Logger log = LoggerFactory.getLogger(SmallReaderBufferValve.class);

    /** Characters; Tomcat's default is 8,192. */
    static final int READER_BUFFER_SIZE = 256;

    private static final @Nullable Fields FIELDS = Fields.find();

    /** The fields, found once: {@code Request.inputBuffer} and {@code InputBuffer.cb}. */
    record Fields(VarHandle inputBuffer, VarHandle chars) {

        static @Nullable Fields find() {
            try {
                return new Fields(
                        MethodHandles.privateLookupIn(Request.class, MethodHandles.lookup())
                                .findVarHandle(Request.class, "inputBuffer", InputBuffer.class),
                        MethodHandles.privateLookupIn(InputBuffer.class, MethodHandles.lookup())
                                .findVarHandle(InputBuffer.class, "cb", CharBuffer.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.info("Tomcat's request reader buffers stay at their default size: {}", e.toString());
                return null;
            }
        }
    }

    SmallReaderBufferValve() {
        super(true); // event streams are asynchronous requests
    }

    static boolean available() {
        return FIELDS != null;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        shrink(request);
        getNext().invoke(request, response);
    }

    static void shrink(Request request) {
        Fields fields = FIELDS;
        if (fields == null) {
            return;
        }
        InputBuffer input = (InputBuffer) fields.inputBuffer().get(request);
        CharBuffer chars = (CharBuffer) fields.chars().get(input);
        if (chars.capacity() > READER_BUFFER_SIZE && chars.position() == 0 && chars.limit() == 0) {
            // empty, as Tomcat leaves it between requests (position and limit 0)
            fields.chars().set(input, CharBuffer.allocate(READER_BUFFER_SIZE).limit(0));
        }
    }
}

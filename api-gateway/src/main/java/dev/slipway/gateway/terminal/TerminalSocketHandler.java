package dev.slipway.gateway.terminal;

import dev.slipway.gateway.audit.AuditEntry;
import dev.slipway.gateway.audit.AuditTrail;
import dev.slipway.gateway.stream.EventStreams;
import dev.slipway.model.RedisKeys;
import dev.slipway.model.TerminalResize;
import dev.slipway.model.TerminalWire;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The terminal socket. On attach it sends the session's recent output (the screen) and then
 * follows its output stream; a client's stdin and resize frames go to the session's input stream
 * as they are, for the hosting worker, and only from the session's owner: a watcher's frames are
 * dropped, so its window never resizes the owner's terminal. Text frames are refused (the protocol
 * is binary: nothing is decoded). The server pings every {@code ping-interval} and drops a client
 * that answered none of the last two pings' worth of time.
 */
@Component
class TerminalSocketHandler extends BinaryWebSocketHandler implements SmartLifecycle {

    private final TerminalStore store;
    private final EventStreams streams;
    private final TerminalProperties properties;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService pinger;

    private record Attached(Attachment attachment, TerminalConnection connection, EventStreams.Subscription output) {}

    TerminalSocketHandler(
            TerminalStore store,
            EventStreams streams,
            TerminalProperties properties,
            AuditTrail audit,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.streams = streams;
        this.properties = properties;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Sockets attached to a terminal session now. */
    int attachedSockets() {
        return attached.size();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        Attachment attachment =
                (Attachment) Objects.requireNonNull(socket.getAttributes().get(Attachment.ATTRIBUTE));
        String sessionId = attachment.session().id();
        TerminalConnection connection =
                new TerminalConnection(socket, properties.sendBuffer().toBytes());
        EventStreams.Subscription output;
        try {
            TerminalStore.Replay replay =
                    store.replay(sessionId, properties.replay().toBytes());
            replay.frames().forEach(connection::offer);
            output = streams.subscribe(
                    RedisKeys.terminalOutput(sessionId), replay.lastId(), entry -> connection.offer(entry.data()));
        } catch (RuntimeException e) {
            // Redis away: the client reattaches once it is back
            connection.requestClose(CloseStatus.SERVICE_RESTARTED.withReason("could not read the session; reattach"));
            throw e;
        }
        attached.put(socket.getId(), new Attached(attachment, connection, output));
        if (!socket.isOpen()) {
            afterConnectionClosed(socket, CloseStatus.NO_STATUS_CODE); // closed meanwhile: nothing may linger
            return;
        }
        record(attachment, "terminal.attach", "attached to " + attachment.mode().wire());
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        Attached current = attached.get(socket.getId());
        if (current == null) {
            return;
        }
        ByteBuffer payload = message.getPayload();
        byte[] frame = new byte[payload.remaining()];
        payload.get(frame);
        if (frame.length == 0) {
            return;
        }
        switch (frame[0]) {
            case TerminalWire.STDIN -> {
                if (current.attachment().mayType() && frame.length > 1) {
                    store.sendInput(current.attachment().session().id(), frame);
                }
            }
            case TerminalWire.RESIZE -> {
                TerminalResize size = resize(frame);
                if (size == null) {
                    current.connection()
                            .requestClose(CloseStatus.BAD_DATA.withReason(
                                    "a resize is JSON {\"cols\":c,\"rows\":r}, each 1 to " + TerminalResize.MAX));
                } else if (current.attachment().mayType()) {
                    store.sendInput(current.attachment().session().id(), frame);
                }
            }
            default ->
                current.connection()
                        .requestClose(CloseStatus.POLICY_VIOLATION.withReason(
                                "unknown channel " + (frame[0] & 0xFF) + "; clients send 0 (stdin) and 4 (resize)"));
        }
    }

    private @Nullable TerminalResize resize(byte[] frame) {
        try {
            TerminalResize size = json.readValue(Arrays.copyOfRange(frame, 1, frame.length), TerminalResize.class);
            return size.valid() ? size : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession socket, PongMessage message) {
        Attached current = attached.get(socket.getId());
        if (current != null) {
            current.connection().pong();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        Attached gone = attached.remove(socket.getId());
        if (gone != null) {
            gone.output().close();
            gone.connection().stop();
            record(gone.attachment(), "terminal.detach", "detached (" + status.getCode() + ")");
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        Attached current = attached.get(socket.getId());
        if (current != null) {
            current.connection().requestClose(CloseStatus.SERVER_ERROR);
        }
    }

    private void pingAll() {
        long silentFor = 2 * properties.pingInterval().toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (Attached current : attached.values()) {
            if (current.connection().silentNanos() > silentFor) {
                current.connection().requestClose(CloseStatus.SESSION_NOT_RELIABLE.withReason("no answer to pings"));
            } else {
                current.connection().ping();
            }
        }
    }

    private void record(Attachment attachment, String action, String outcome) {
        audit.record(new AuditEntry(
                null,
                clock.instant(),
                attachment.user(),
                attachment.role() == null ? null : attachment.role().name().toLowerCase(Locale.ROOT),
                action,
                "/api/v1/terminals/" + attachment.session().id(),
                outcome,
                attachment.source()));
    }

    @Override
    public void start() {
        long every = properties.pingInterval().toMillis();
        pinger = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("terminal-pings").factory());
        var _ = pinger.scheduleAtFixedRate(this::pingAll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (pinger != null) {
            pinger.shutdownNow();
        }
        for (Attached current : attached.values()) {
            current.connection().requestClose(CloseStatus.GOING_AWAY.withReason("gateway stopping; reattach"));
        }
    }

    @Override
    public boolean isRunning() {
        return pinger != null && !pinger.isShutdown();
    }
}

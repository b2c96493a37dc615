package dev.slipway.gateway.terminal;

import dev.slipway.gateway.audit.AuditEntry;
import dev.slipway.gateway.audit.AuditTrail;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.gateway.problem.Problems;
import dev.slipway.model.TerminalWire;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether an upgrade to the terminal socket may go ahead, before it happens, so that a
 * refusal is an HTTP answer (problem+json) a client can read: a browser {@code Origin} not allowed
 * is a 403; no {@link TerminalWire#SUBPROTOCOL} a 400; a ticket refused or no credentials a 401;
 * a session not visible a 404, one not open a 409. A ticket is spent by the attempt whatever the
 * outcome. Clients that cannot send headers (browsers) use a ticket; others may send their token.
 */
@Component
class TerminalHandshake implements HandshakeInterceptor {

    private final TerminalOperations operations;
    private final TerminalProperties properties;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    TerminalHandshake(
            TerminalOperations operations,
            TerminalProperties properties,
            AuditTrail audit,
            JsonMapper json,
            Clock clock) {
        this.operations = operations;
        this.properties = properties;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes)
            throws IOException {
        String source = request.getRemoteAddress() == null
                ? "unknown"
                : request.getRemoteAddress().getAddress().getHostAddress();
        String origin = request.getHeaders().getOrigin();
        if (origin != null && !properties.allowedOrigins().contains(origin) && !WebUtils.isSameOrigin(request)) {
            return refuse(
                    request,
                    response,
                    source,
                    HttpStatus.FORBIDDEN,
                    "origin-not-allowed",
                    "Origin not allowed",
                    "Origin '" + origin + "' may not attach to terminals; it is neither this gateway's own nor in"
                            + " slipway.gateway.terminals.allowed-origins.");
        }
        if (!asksForSubprotocol(request)) {
            return refuse(
                    request,
                    response,
                    source,
                    HttpStatus.BAD_REQUEST,
                    "subprotocol-required",
                    "Subprotocol required",
                    "Sec-WebSocket-Protocol must offer '" + TerminalWire.SUBPROTOCOL + "'.");
        }
        String sessionId = sessionIdOf(request);
        String ticket = UriComponentsBuilder.fromUri(request.getURI())
                .build()
                .getQueryParams()
                .getFirst("ticket");
        Caller caller = caller();
        try {
            Attachment attachment;
            if (ticket != null && !ticket.isBlank()) {
                attachment = operations.redeem(ticket, sessionId, source);
            } else if (caller != null) {
                attachment = operations.attach(caller, sessionId, source);
            } else {
                return refuse(
                        request,
                        response,
                        source,
                        HttpStatus.UNAUTHORIZED,
                        "unauthenticated",
                        "Authentication required",
                        "Attach with the ticket of POST /api/v1/environments/{id}/terminals (?ticket=) or send"
                                + " Authorization: Bearer <token>.");
            }
            attributes.put(Attachment.ATTRIBUTE, attachment);
            return true;
        } catch (TicketRefusedException e) {
            return refuse(
                    request,
                    response,
                    source,
                    HttpStatus.UNAUTHORIZED,
                    "ticket-refused",
                    "Ticket refused",
                    "Cannot attach: " + e.reason() + ". Ask POST /api/v1/terminals/" + sessionId
                            + "/tickets for a new one.");
        } catch (NotFoundException e) {
            return refuse(request, response, source, HttpStatus.NOT_FOUND, "not-found", "Not found", e.detail());
        } catch (ConflictException e) {
            return refuse(
                    request,
                    response,
                    source,
                    HttpStatus.CONFLICT,
                    e.type(),
                    e.title(),
                    String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            @Nullable Exception exception) {
        // the handler audits the attach once the socket is open
    }

    private static boolean asksForSubprotocol(ServerHttpRequest request) {
        List<String> offered = request.getHeaders().getOrEmpty(WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL);
        for (String header : offered) {
            for (String protocol : header.split(",", -1)) {
                if (protocol.strip().equals(TerminalWire.SUBPROTOCOL)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code /api/v1/terminals/{sessionId}/ws}: the segment before the last. */
    static String sessionIdOf(ServerHttpRequest request) {
        String[] segments = request.getURI().getPath().split("/", -1);
        return segments.length >= 2 ? segments[segments.length - 2] : "";
    }

    private static @Nullable Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller ? caller : null;
    }

    private boolean refuse(
            ServerHttpRequest request,
            ServerHttpResponse response,
            String source,
            HttpStatus status,
            String type,
            String title,
            String detail)
            throws IOException {
        Caller caller = caller();
        audit.record(new AuditEntry(
                null,
                clock.instant(),
                caller == null ? "(anonymous)" : caller.name(),
                caller == null ? null : caller.role().name().toLowerCase(java.util.Locale.ROOT),
                "terminal.attach",
                request.getURI().getPath(),
                status.value() + " " + detail,
                source));
        ProblemDetail problem = Problems.of(status, type, title, detail);
        if (response instanceof ServletServerHttpResponse servlet && request instanceof ServletServerHttpRequest) {
            HttpServletResponse raw = servlet.getServletResponse();
            Problems.write(raw, json, problem);
        } else {
            response.setStatusCode(status);
        }
        return false;
    }
}

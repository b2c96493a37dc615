package dev.slipway.gateway.terminal;

import dev.slipway.gateway.identity.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Terminal sessions: open one in an environment, get a ticket to (re)attach, look at one, end one.
 * The WebSocket itself is {@link TerminalSocketHandler}'s. Every call here is audited as
 * {@code terminal.*} by the audit interceptor; attaches and detaches by the socket handler.
 */
@Tag(name = "terminals", description = "Interactive shells in running environments, over a WebSocket.")
@RestController
@RequestMapping("/api/v1")
record TerminalController(TerminalOperations operations) {

    @PostMapping("/environments/{id}/terminals")
    @ApiResponse(
            responseCode = "201",
            description = "The shell runs; connect its WebSocket with the ticket within expiresIn seconds.")
    @ApiResponse(responseCode = "409", description = "The environment is not running, or its worker refused.")
    @ApiResponse(responseCode = "504", description = "The hosting worker did not answer.")
    ResponseEntity<TerminalTicketView> open(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String id,
            @Valid @RequestBody(required = false) @Nullable TerminalRequest request) {
        TerminalRequest size = request == null ? new TerminalRequest(null, null) : request;
        TerminalTicketView ticket = operations.open(caller, id, size.colsOrDefault(), size.rowsOrDefault());
        return ResponseEntity.created(URI.create("/api/v1/terminals/" + ticket.sessionId()))
                .body(ticket);
    }

    @GetMapping("/environments/{id}/terminals")
    List<TerminalView> ofEnvironment(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return operations.ofEnvironment(caller, id).stream()
                .map(TerminalView::of)
                .toList();
    }

    @PostMapping("/terminals/{sessionId}/tickets")
    @ApiResponse(responseCode = "201", description = "A fresh single-use ticket for the session.")
    @ApiResponse(responseCode = "409", description = "The session has ended.")
    ResponseEntity<TerminalTicketView> ticket(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return ResponseEntity.status(201).body(operations.reattach(caller, sessionId));
    }

    @GetMapping("/terminals/{sessionId}")
    TerminalView get(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return TerminalView.of(operations.get(caller, sessionId));
    }

    @DeleteMapping("/terminals/{sessionId}")
    @ApiResponse(responseCode = "202", description = "The session is ending; its worker stops the shell.")
    ResponseEntity<TerminalView> close(@AuthenticationPrincipal Caller caller, @PathVariable String sessionId) {
        return ResponseEntity.accepted().body(TerminalView.of(operations.close(caller, sessionId)));
    }
}

package dev.slipway.gateway.environment;

import dev.slipway.gateway.config.GatewayProperties;
import dev.slipway.gateway.identity.Caller;
import dev.slipway.gateway.problem.FieldProblem;
import dev.slipway.gateway.problem.InvalidRequestException;
import dev.slipway.gateway.problem.NotFoundException;
import dev.slipway.model.EnvironmentCommand;
import dev.slipway.model.EnvironmentId;
import dev.slipway.model.EnvironmentRecord;
import dev.slipway.model.EnvironmentState;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Environments: long-lived containers from templates. Everyone reads their own (operators and
 * admins everyone's); their owner and admins change them. Another user's environment is a 404 to
 * a user, so that its existence does not leak. A change answers 202 with the record as it is once
 * the change is recorded; the hosting worker then acts on it, and the events stream tells when.
 */
@Tag(name = "environments", description = "Long-lived containers from templates, with a TTL.")
@RestController
@RequestMapping("/api/v1/environments")
record EnvironmentController(EnvironmentOperations operations, EnvironmentStore store, GatewayProperties properties) {

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "The environment, queued to start on a worker of its pool.")
    @ApiResponse(responseCode = "409", description = "A quota or the pool refuses it.")
    @ApiResponse(responseCode = "422", description = "No worker serves the pool.")
    ResponseEntity<EnvironmentView> create(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody EnvironmentRequest request) {
        EnvironmentRecord created = operations.create(caller, request);
        return ResponseEntity.created(URI.create("/api/v1/environments/" + created.id()))
                .body(EnvironmentView.of(created));
    }

    /** The caller's environments, newest first; operators and admins see everyone's, or one owner's with {@code owner}. */
    @GetMapping
    EnvironmentPage list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String owner,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        EnvironmentState filter = state == null ? null : parseState(state);
        EnvironmentId after = cursor == null ? null : parseCursor(cursor);
        int size = limit == null ? properties.defaultPageSize() : limit;
        if (size < 1 || size > properties.maxPageSize()) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("limit", "must be between 1 and " + properties.maxPageSize())));
        }
        if (owner != null && !caller.seesEverything() && !owner.equals(caller.name())) {
            throw new AccessDeniedException("listing another user's environments");
        }
        String ownedBy = caller.seesEverything() ? owner : caller.name();
        List<EnvironmentView> items = store.list(ownedBy, filter, after, size + 1).stream()
                .map(EnvironmentView::of)
                .toList();
        if (items.size() <= size) {
            return new EnvironmentPage(items, null);
        }
        List<EnvironmentView> page = items.subList(0, size);
        return new EnvironmentPage(page, page.getLast().id());
    }

    @GetMapping("/{id}")
    EnvironmentView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return EnvironmentView.of(visible(caller, id));
    }

    @PostMapping("/{id}/stop")
    @ApiResponse(responseCode = "202", description = "The environment as it is now; its worker stops it.")
    @ApiResponse(responseCode = "409", description = "It cannot stop from its state.")
    ResponseEntity<EnvironmentView> stop(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return accepted(operations.stop(changeable(caller, id, "stopping")));
    }

    @PostMapping("/{id}/start")
    @ApiResponse(responseCode = "202", description = "The environment as it is now; its worker starts it.")
    @ApiResponse(responseCode = "409", description = "It cannot start from its state, or a quota refuses it.")
    ResponseEntity<EnvironmentView> start(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return accepted(operations.start(changeable(caller, id, "starting"), caller));
    }

    @PostMapping("/{id}/restart")
    @ApiResponse(responseCode = "202", description = "The environment as it is now; its worker restarts it.")
    @ApiResponse(responseCode = "409", description = "It cannot restart from its state.")
    ResponseEntity<EnvironmentView> restart(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return accepted(operations.restart(changeable(caller, id, "restarting")));
    }

    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "202", description = "The environment as it is now; its worker removes its container.")
    ResponseEntity<EnvironmentView> delete(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return accepted(operations.delete(changeable(caller, id, "deleting")));
    }

    /** A new lifetime from now, within the template's {@code maxTtl} from creation. */
    @PostMapping(value = "/{id}/ttl", consumes = MediaType.APPLICATION_JSON_VALUE)
    EnvironmentView ttl(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @Valid @RequestBody TtlRequest request) {
        return EnvironmentView.of(operations.extend(changeable(caller, id, "extending"), request.ttl()));
    }

    /** Runs a command without a terminal and answers with what it printed (each stream capped). */
    @PostMapping(value = "/{id}/exec", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The command ran; its exit code and output.")
    @ApiResponse(responseCode = "409", description = "The environment is not running.")
    @ApiResponse(responseCode = "504", description = "The hosting worker did not answer in time.")
    EnvironmentCommand.ExecReply exec(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @Valid @RequestBody ExecRequest request) {
        return operations.exec(
                changeable(caller, id, "running commands in"),
                Objects.requireNonNull(request.command()),
                request.timeoutOrDefault());
    }

    private static ResponseEntity<EnvironmentView> accepted(EnvironmentRecord environment) {
        return ResponseEntity.accepted().body(EnvironmentView.of(environment));
    }

    private EnvironmentRecord visible(Caller caller, String id) {
        if (!EnvironmentId.isWellFormed(id)) {
            throw NotFoundException.environment(id);
        }
        return store.find(EnvironmentId.of(id))
                .filter(environment -> caller.mayRead(environment.owner()))
                .orElseThrow(() -> NotFoundException.environment(id));
    }

    private EnvironmentRecord changeable(Caller caller, String id, String what) {
        EnvironmentRecord environment = visible(caller, id);
        if (!caller.mayChange(environment.owner())) {
            throw new AccessDeniedException(what + " another user's environment");
        }
        return environment;
    }

    private static EnvironmentState parseState(String state) {
        try {
            return EnvironmentState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("state", "must be one of " + List.of(EnvironmentState.values()))));
        }
    }

    private static EnvironmentId parseCursor(String cursor) {
        if (!EnvironmentId.isWellFormed(cursor)) {
            throw new InvalidRequestException(List.of(new FieldProblem("cursor", "is not a cursor this API returned")));
        }
        return EnvironmentId.of(cursor);
    }
}

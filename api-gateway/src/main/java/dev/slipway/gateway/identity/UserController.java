package dev.slipway.gateway.identity;

import dev.slipway.gateway.problem.ConflictException;
import dev.slipway.gateway.problem.NotFoundException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users, for admins: create, list, read, change (role, quotas, disabled) and delete. A user reads themselves. */
@Tag(name = "users", description = "Users and their roles and quotas (admins).")
@RestController
@RequestMapping("/api/v1/users")
record UserController(UserStore users, CallerLookup callers, Clock clock) {

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "The user, created.")
    @ApiResponse(responseCode = "409", description = "A user of that name exists.")
    ResponseEntity<User> create(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody UserRequests.NewUser request) {
        Access.requireAdmin(caller, "creating users");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Quotas quotas =
                request.quotas() == null ? Quotas.DEFAULTS : request.quotas().toQuotas();
        User user = new User(Objects.requireNonNull(request.name()), request.role(), false, quotas, now, now);
        if (!users.create(user)) {
            throw new ConflictException(
                    "user-exists", "User exists", "There is already a user named '" + user.name() + "'.");
        }
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.name()))
                .body(user);
    }

    @GetMapping
    List<User> list(@AuthenticationPrincipal Caller caller) {
        Access.requireAdmin(caller, "listing users");
        return users.list();
    }

    @GetMapping("/{name}")
    User get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Access.requireSelfOrAdmin(caller, name, "reading the record");
        return existing(name);
    }

    @PatchMapping(value = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    User change(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String name,
            @Valid @RequestBody UserRequests.UserChange request) {
        Access.requireAdmin(caller, "changing users");
        User user = existing(name);
        if (BuiltInAdmin.NAME.equals(name)
                && ((request.role() != null && request.role() != Role.ADMIN)
                        || Boolean.TRUE.equals(request.disabled()))) {
            throw new ConflictException(
                    "built-in-user", "Built-in user", "The built-in user 'admin' stays an enabled admin.");
        }
        User changed = new User(
                user.name(),
                request.role() != null ? request.role() : user.role(),
                request.disabled() != null ? request.disabled() : user.disabled(),
                request.quotas() == null
                        ? user.quotas()
                        : user.quotas().with(request.quotas().toQuotas()),
                user.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!users.update(changed)) {
            throw NotFoundException.user(name);
        }
        callers.forgetAll(); // a new role or a disabled user holds on this gateway at once
        return changed;
    }

    /** Their tokens stop working at once; their jobs stay, readable by operators and admins. */
    @DeleteMapping("/{name}")
    @ApiResponse(responseCode = "204", description = "The user and their tokens are gone.")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        Access.requireAdmin(caller, "deleting users");
        if (BuiltInAdmin.NAME.equals(name)) {
            throw new ConflictException(
                    "built-in-user", "Built-in user", "The built-in user 'admin' cannot be deleted.");
        }
        if (!users.delete(name)) {
            throw NotFoundException.user(name);
        }
        callers.forgetAll();
        return ResponseEntity.noContent().build();
    }

    private User existing(String name) {
        return users.find(name).orElseThrow(() -> NotFoundException.user(name));
    }
}

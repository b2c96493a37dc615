package dev.slipway.gateway.identity;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller as the gateway sees them: name, role and the limits that apply. */
@Tag(name = "me", description = "The caller, as the gateway sees them.")
@RestController
record MeController() {

    /** @param quotas the caller's limits, defaults filled in */
    record Me(String name, Role role, Caller.Limits quotas) {}

    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal Caller caller) {
        return new Me(caller.name(), caller.role(), caller.limits());
    }
}

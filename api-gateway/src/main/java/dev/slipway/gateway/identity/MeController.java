package dev.slipway.gateway.identity;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller as the gateway sees them: name, role and the limits that apply. */
@RestController
record MeController() {

    /** @param quotas the caller's limits, defaults filled in */
    record Me(String name, Role role, Caller.Limits quotas) {}

    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal Caller caller) {
        return new Me(caller.name(), caller.role(), caller.limits());
    }
}

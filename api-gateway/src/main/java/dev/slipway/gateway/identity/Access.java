package dev.slipway.gateway.identity;

import org.springframework.security.access.AccessDeniedException;

/** The role checks the controllers make; a refusal is a 403 problem. */
public final class Access {

    private Access() {}

    public static void requireAdmin(Caller caller, String what) {
        if (!caller.isAdmin()) {
            throw new AccessDeniedException(what + " is for admins");
        }
    }

    /** Operators and admins run the fleet. */
    public static void requireOperator(Caller caller, String what) {
        if (!caller.seesEverything()) {
            throw new AccessDeniedException(what + " is for operators and admins");
        }
    }

    public static void requireSelfOrAdmin(Caller caller, String user, String what) {
        if (!caller.isAdmin() && !caller.name().equals(user)) {
            throw new AccessDeniedException(what + " of another user is for admins");
        }
    }
}

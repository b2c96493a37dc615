package dev.slipway.gateway.identity;

import dev.slipway.gateway.config.GatewayProperties;

/**
 * Who made the request, as the bearer token says: a user's name and role, the limits that apply to
 * them, and which credential (an API token's id, the configured admin token, or a JWT) so that its
 * rate limit is its own.
 */
public record Caller(String name, Role role, String credential, Limits limits) {

    /** A user's quotas with the configured defaults filled in. */
    public record Limits(
            int maxActiveJobs, int maxEnvironments, double maxEnvironmentCpus, long maxEnvironmentMemoryMb) {

        /** The limits of a caller whose own quotas set none. */
        public static Limits defaults(GatewayProperties.Quotas quotas) {
            return new Limits(
                    quotas.maxActiveJobs(),
                    quotas.maxEnvironments(),
                    quotas.maxEnvironmentCpus(),
                    quotas.maxEnvironmentMemoryMb());
        }
    }

    /** Sees every user's jobs and environments: operators and admins. */
    public boolean seesEverything() {
        return role == Role.ADMIN || role == Role.OPERATOR;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** May read what {@code owner} owns: it is theirs, or they see everything. */
    public boolean mayRead(String owner) {
        return seesEverything() || name.equals(owner);
    }

    /** May change what {@code owner} owns (cancel a job): it is theirs, or they are an admin. */
    public boolean mayChange(String owner) {
        return isAdmin() || name.equals(owner);
    }
}

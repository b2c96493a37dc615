package dev.slipway.cli.user;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies of {@code POST /api/v1/users} and {@code PATCH /api/v1/users/{name}} from the options
 * of {@code users create} and {@code users set}: only what was given, so a change leaves every
 * other field (and every quota left out) as it was. The gateway checks the values.
 */
final class UserBodies {

    private UserBodies() {}

    /** A user's own limits as options give them; null is "not given". */
    record QuotaOptions(
            @Nullable Integer maxActiveJobs,
            @Nullable Integer maxEnvironments,
            @Nullable Double maxEnvironmentCpus,
            @Nullable Long maxEnvironmentMemoryMb) {

        boolean none() {
            return maxActiveJobs == null
                    && maxEnvironments == null
                    && maxEnvironmentCpus == null
                    && maxEnvironmentMemoryMb == null;
        }

        void putInto(ObjectNode body) {
            if (none()) {
                return;
            }
            ObjectNode quotas = body.putObject("quotas");
            if (maxActiveJobs != null) {
                quotas.put("maxActiveJobs", maxActiveJobs);
            }
            if (maxEnvironments != null) {
                quotas.put("maxEnvironments", maxEnvironments);
            }
            if (maxEnvironmentCpus != null) {
                quotas.put("maxEnvironmentCpus", maxEnvironmentCpus);
            }
            if (maxEnvironmentMemoryMb != null) {
                quotas.put("maxEnvironmentMemoryMb", maxEnvironmentMemoryMb);
            }
        }
    }

    static ObjectNode newUser(JsonMapper json, String name, Role role, QuotaOptions quotas) {
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        body.put("role", role.apiName());
        quotas.putInto(body);
        return body;
    }

    /** @throws IllegalArgumentException when nothing would change */
    static ObjectNode change(JsonMapper json, @Nullable Role role, @Nullable Boolean disabled, QuotaOptions quotas) {
        if (role == null && disabled == null && quotas.none()) {
            throw new IllegalArgumentException("nothing to change: give --role, --disabled or a quota option");
        }
        ObjectNode body = json.createObjectNode();
        if (role != null) {
            body.put("role", role.apiName());
        }
        if (disabled != null) {
            body.put("disabled", disabled);
        }
        quotas.putInto(body);
        return body;
    }

    /** The body of {@code POST /api/v1/users/{name}/tokens}; without days the gateway's default applies. */
    static ObjectNode newToken(JsonMapper json, String name, @Nullable Integer days) {
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        if (days != null) {
            body.put("expiresInDays", days);
        }
        return body;
    }
}

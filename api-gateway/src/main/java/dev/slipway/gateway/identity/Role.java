package dev.slipway.gateway.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** What a user may do. */
public enum Role {
    /** Everything. */
    ADMIN,
    /** Reads every job and environment, and runs the fleet (cordon, uncordon, drain, image pulls). */
    OPERATOR,
    /** Their own jobs, environments and artifacts only. */
    USER;

    /** As the API writes it: {@code admin}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority of the role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Reads an API name in any case; anything else is refused as a 400 naming the field. */
    @JsonCreator
    static Role fromJson(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("must be one of admin, operator, user"));
    }

    /** The role of an API name ({@code operator}), in any case. */
    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

package dev.slipway.gateway.problem;

import java.util.Map;

/**
 * A request that cannot be done given the state of the thing it names (a name already taken, an
 * operation in the wrong state): a 409 problem of the given type.
 *
 * @see #properties() extra members of the problem, such as the state the thing is in
 */
public class ConflictException extends RuntimeException {

    private final String type;
    private final String title;
    private final Map<String, Object> properties;

    public ConflictException(String type, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public ConflictException(String type, String title, String detail) {
        this(type, title, detail, Map.of());
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}

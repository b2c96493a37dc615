package dev.slipway.gateway.problem;

/**
 * A request for something that does not exist, or that the caller may not know exists: a 404
 * problem whose type names the kind of thing asked for, in the singular ({@code job-not-found}).
 */
public class NotFoundException extends RuntimeException {

    private final String kind;
    private final String id;
    private final String detail;

    public NotFoundException(String kind, String id, String detail) {
        super("no " + kind + " with id " + id);
        this.kind = kind;
        this.id = id;
        this.detail = detail;
    }

    public static NotFoundException job(String id) {
        return new NotFoundException("job", id, "There is no job with id '" + id + "'.");
    }

    public static NotFoundException worker(String id) {
        return new NotFoundException(
                "worker", id, "There is no worker with id '" + id + "' in the registry (never seen, or forgotten).");
    }

    public static NotFoundException template(String name) {
        return new NotFoundException("template", name, "There is no template named '" + name + "'.");
    }

    public static NotFoundException environment(String id) {
        return new NotFoundException("environment", id, "There is no environment with id '" + id + "'.");
    }

    public static NotFoundException user(String name) {
        return new NotFoundException("user", name, "There is no user named '" + name + "'.");
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    /** What the client is told, in a sentence. */
    public String detail() {
        return detail;
    }
}

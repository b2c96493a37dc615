package dev.slipway.gateway.problem;

/**
 * A well-formed request that names something that cannot be used (a template that does not
 * exist): a 422 problem of the given type whose {@code errors} name the field and why.
 */
public class UnprocessableException extends RuntimeException {

    private final String type;
    private final String title;
    private final FieldProblem problem;

    public UnprocessableException(String type, String title, FieldProblem problem) {
        super(problem.field() + ": " + problem.reason());
        this.type = type;
        this.title = title;
        this.problem = problem;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public FieldProblem problem() {
        return problem;
    }
}

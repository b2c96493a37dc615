package dev.slipway.gateway.problem;

import java.util.List;

/** A request that passed the field checks but breaks a rule across fields, a configured limit, or has a bad query parameter. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidRequestException(List<FieldProblem> problems) {
        super("invalid request: " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}

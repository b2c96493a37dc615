package dev.slipway.gateway.problem;

/** One thing wrong with a request: the field (dotted path, as the client wrote it) and why. */
public record FieldProblem(String field, String reason) {}

package dev.slipway.gateway.web;

import dev.slipway.gateway.problem.FieldProblem;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/** Turns a request body Jackson could not read into the field it choked on and a reason a person understands. */
final class JsonProblems {

    private static final Pattern PARSER_LOCATION = Pattern.compile("\\s*\\([^()]*\\[Source:[^\\]]*\\]\\)");

    private JsonProblems() {}

    static FieldProblem describe(HttpMessageNotReadableException ex) {
        Throwable cause = jacksonCause(ex);
        return switch (cause) {
            case ValueInstantiationException refused ->
                new FieldProblem(
                        path(refused.getPath()),
                        refused.getCause() != null && refused.getCause().getMessage() != null
                                ? refused.getCause().getMessage()
                                : "has a value this field cannot take");
            case UnrecognizedPropertyException unknown ->
                new FieldProblem(path(unknown.getPath()), "is not a known field");
            case MismatchedInputException mismatch ->
                new FieldProblem(
                        path(mismatch.getPath()), "has the wrong type: expected " + typeName(mismatch.getTargetType()));
            case InputCoercionException outOfRange ->
                new FieldProblem(path(outOfRange.getPath()), "is out of range: too large for this field");
            case StreamReadException syntax ->
                new FieldProblem(
                        "(body)",
                        "is not valid JSON: " + withoutParserLocations(syntax.getOriginalMessage())
                                + (syntax.getLocation() == null
                                        ? ""
                                        : " at line " + syntax.getLocation().getLineNr() + ", column "
                                                + syntax.getLocation().getColumnNr()));
            case JacksonException other ->
                new FieldProblem(path(other.getPath()), "cannot be read: " + other.getOriginalMessage());
            default -> new FieldProblem("(body)", "is missing or not readable as JSON");
        };
    }

    /**
     * The outermost Jackson failure: it knows the field. (The most specific cause may be what a
     * creator threw, which knows only the value: "must be one of admin, operator, user".)
     */
    private static Throwable jacksonCause(HttpMessageNotReadableException ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException) {
                return cause;
            }
        }
        return ex.getMostSpecificCause();
    }

    /**
     * Some messages name a second place inside them ("start marker at [Source: REDACTED ...; line:
     * 1, column: 31]"): the parser's own description of its input, not the client's terms.
     */
    private static String withoutParserLocations(String message) {
        return PARSER_LOCATION.matcher(message).replaceAll("").strip();
    }

    private static String path(List<JacksonException.Reference> references) {
        if (references.isEmpty()) {
            return "(body)";
        }
        String joined = references.stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.time.Duration.class.equals(type)) {
            return "an ISO-8601 duration such as PT8H or P7D";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }
}

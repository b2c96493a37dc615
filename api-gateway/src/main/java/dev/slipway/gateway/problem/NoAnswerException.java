package dev.slipway.gateway.problem;

/**
 * Something the gateway asked of a worker got no answer in time (an exec): a 504 problem. What was
 * asked may still happen.
 */
public class NoAnswerException extends RuntimeException {

    private final String type;
    private final String title;

    public NoAnswerException(String type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}

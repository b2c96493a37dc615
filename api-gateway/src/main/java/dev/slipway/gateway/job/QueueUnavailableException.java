package dev.slipway.gateway.job;

/** The broker did not confirm a job in time; transient, the client should retry later. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public QueueUnavailableException(String message) {
        super(message);
    }
}

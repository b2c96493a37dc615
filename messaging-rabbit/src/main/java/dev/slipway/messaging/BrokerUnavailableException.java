package dev.slipway.messaging;

/**
 * The broker is unreachable, refused a message or did not confirm it in time. Transient: the
 * caller may try again later (the gateway answers 503, a worker's dispatcher retries at its next round).
 */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public BrokerUnavailableException(String message) {
        super(message);
    }
}

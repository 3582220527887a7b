package dev.portal.events;

/**
 * A Kafka message that does not follow the event contract (missing or invalid {@code ce_*} header, malformed JSON).
 * Unchecked, because the only sensible reaction is to dead-letter the message with {@link #getMessage()} as the reason.
 */
public class InvalidEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}

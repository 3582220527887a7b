package dev.portal.scorecard.definition;

/** A definition that cannot be accepted; the message says what and where. Rendered as a 400 InputError. */
public class DefinitionException extends RuntimeException {

    public DefinitionException(String message) {
        super(message);
    }
}

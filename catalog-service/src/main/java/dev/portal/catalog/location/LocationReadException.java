package dev.portal.catalog.location;

/** A catalog file could not be read: its entities keep their last good version and carry this reason. */
public class LocationReadException extends RuntimeException {

    public LocationReadException(String message) {
        super(message);
    }

    /** Whether the file does not exist (the message names a NotFoundError, as Backstage's readers do). */
    public boolean notFound() {
        return getMessage() != null && getMessage().startsWith("NotFoundError: ");
    }
}

package dev.portal.catalog.location;

/** A catalog file could not be read: its entities keep their last good version and carry this reason. */
public class LocationReadException extends RuntimeException {

    public LocationReadException(String message) {
        super(message);
    }
}

package dev.portal.events.fetch;

/** A remote file could not be read: refused by the guard, too large, unreachable or answered with an error. */
public class FetchException extends RuntimeException {

    private final boolean notFound;

    public FetchException(String message) {
        this(message, false);
    }

    public FetchException(String message, boolean notFound) {
        super(message);
        this.notFound = notFound;
    }

    /** Whether the server answered 404 (the file does not exist), as opposed to any other failure. */
    public boolean notFound() {
        return notFound;
    }
}

package dev.portal.techdocs.upload;

/** An upload, or a page in it, over the configured size limit: answered 413. */
public class TooLargeException extends RuntimeException {

    public TooLargeException(String message) {
        super(message);
    }
}

package dev.portal.techdocs.build;

/** The docs could not be built; the message says why in words a docs author can act on. */
public class BuildException extends RuntimeException {

    public BuildException(String message) {
        super(message);
    }
}

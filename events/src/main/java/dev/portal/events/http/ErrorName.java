package dev.portal.events.http;

import java.util.Arrays;

/**
 * Backstage's error names and their HTTP statuses ({@code MiddlewareFactory}); the constant's {@code name()} is the
 * {@code error.name} on the wire, hence the unusual casing.
 */
public enum ErrorName {
    InputError(400),
    AuthenticationError(401),
    NotAllowedError(403),
    NotFoundError(404),
    ConflictError(409),
    ServiceUnavailableError(503),
    /** Anything else: Backstage's generic name, status 500. */
    Error(500);

    private final int status;

    ErrorName(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The name for an HTTP status; {@link #Error} for any status without a specific name. */
    public static ErrorName forStatus(int status) {
        return Arrays.stream(values()).filter(n -> n.status == status).findFirst().orElse(Error);
    }
}

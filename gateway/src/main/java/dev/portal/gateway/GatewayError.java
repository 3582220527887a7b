package dev.portal.gateway;

import io.smallrye.graphql.api.ErrorCode;

/**
 * An error the gateway reports in GraphQL's {@code errors}: {@code extensions.code} says what kind (FORBIDDEN is the
 * 403-equivalent, UNAUTHENTICATED the 401, …) and {@code extensions.service} names the downstream service, if any.
 * Create them with {@link #of}.
 */
public abstract class GatewayError extends RuntimeException {

    private final String service;
    private final int status;

    protected GatewayError(String message, String service, int status, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.status = status;
    }

    /** The downstream service that answered or failed, or null. */
    public String service() {
        return service;
    }

    /** The downstream HTTP status, or 0. */
    public int status() {
        return status;
    }

    /** The error for a downstream HTTP status (400 → BAD_USER_INPUT, 401, 403, 404, 409, 5xx → SERVICE_UNAVAILABLE). */
    public static GatewayError forStatus(int status, String message, String service) {
        return switch (status) {
            case 400 -> new BadInput(message, service, status);
            case 401 -> new Unauthenticated(message, service, status);
            case 403 -> new Forbidden(message, service, status);
            case 404 -> new NotFound(message, service, status);
            case 409 -> new Conflict(message, service, status);
            default -> new Unavailable(message, service, status, null);
        };
    }

    @ErrorCode("BAD_USER_INPUT")
    public static class BadInput extends GatewayError {
        public BadInput(String message) {
            this(message, null, 0);
        }

        public BadInput(String message, String service, int status) {
            super(message, service, status, null);
        }
    }

    @ErrorCode("UNAUTHENTICATED")
    public static class Unauthenticated extends GatewayError {
        public Unauthenticated(String message, String service, int status) {
            super(message, service, status, null);
        }
    }

    @ErrorCode("FORBIDDEN")
    public static class Forbidden extends GatewayError {
        public Forbidden(String message, String service, int status) {
            super(message, service, status, null);
        }
    }

    @ErrorCode("NOT_FOUND")
    public static class NotFound extends GatewayError {
        public NotFound(String message) {
            this(message, null, 0);
        }

        public NotFound(String message, String service, int status) {
            super(message, service, status, null);
        }
    }

    @ErrorCode("CONFLICT")
    public static class Conflict extends GatewayError {
        public Conflict(String message, String service, int status) {
            super(message, service, status, null);
        }
    }

    /** The service did not answer in time, refused, failed, or its circuit breaker is open. */
    @ErrorCode("SERVICE_UNAVAILABLE")
    public static class Unavailable extends GatewayError {
        public Unavailable(String message, String service, int status, Throwable cause) {
            super(message, service, status, cause);
        }
    }
}

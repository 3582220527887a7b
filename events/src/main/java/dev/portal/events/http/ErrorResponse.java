package dev.portal.events.http;

/**
 * Backstage's REST error body ({@code ErrorResponseBody}), used by every service:
 * {@code {"error":{"name":"InputError","message":"…"},"request":{"method":"GET","url":"…"},"response":{"statusCode":400}}}.
 */
public record ErrorResponse(Error error, Request request, Response response) {

    /** The serialised error: Backstage's {@code SerializedError} without stack or code. */
    public record Error(String name, String message) {
    }

    /** The request that failed; {@code url} is the path and query as received. */
    public record Request(String method, String url) {
    }

    public record Response(int statusCode) {
    }

    /** The body for an error of {@code name}, with its status code. */
    public static ErrorResponse of(ErrorName name, String message, String method, String url) {
        return new ErrorResponse(
                new Error(name.name(), message),
                new Request(method, url),
                new Response(name.status()));
    }
}

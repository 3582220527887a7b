package dev.portal.events.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure of a REST call into Backstage's error body (design.md "HTTP conventions"), so clients see one
 * shape from every service. Registered in each service because this jar is indexed (META-INF/beans.xml).
 */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response respond(ErrorName name, int status, String message, Request request, UriInfo uri) {
        URI requested = uri.getRequestUri();
        String url = requested.getRawPath() + (requested.getRawQuery() == null ? "" : "?" + requested.getRawQuery());
        ErrorResponse body = new ErrorResponse(new ErrorResponse.Error(name.name(), message),
                new ErrorResponse.Request(request.getMethod(), url), new ErrorResponse.Response(status));
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    /** Base for the mappers: the request context JAX-RS injects into providers. */
    abstract static class Base<E extends Throwable> implements ExceptionMapper<E> {
        @Context
        Request request;
        @Context
        UriInfo uri;

        Response respond(ErrorName name, String message) {
            return ErrorMappers.respond(name, name.status(), message, request, uri);
        }
    }

    @Provider
    public static final class Unauthenticated extends Base<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException e) {
            return respond(ErrorName.AuthenticationError, "Missing credentials: send a bearer token");
        }
    }

    @Provider
    public static final class AuthenticationFailed extends Base<AuthenticationFailedException> {
        @Override
        public Response toResponse(AuthenticationFailedException e) {
            return respond(ErrorName.AuthenticationError, "Invalid credentials: the bearer token was not accepted");
        }
    }

    @Provider
    public static final class Forbidden extends Base<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException e) {
            // A service's own refusal says why ("You may only delete entities you own: …"); Quarkus's carry nothing.
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "You are not allowed to do this" : e.getMessage();
            return respond(ErrorName.NotAllowedError, reason);
        }
    }

    /** Errors raised by the services themselves, or by JAX-RS (unknown path 404, wrong media type 415, …). */
    @Provider
    public static final class WebApplication extends Base<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
            return ErrorMappers.respond(ErrorName.forStatus(status), status, message, request, uri);
        }
    }

    /** Anything unexpected, errors too (a StackOverflowError): logged with its stack, answered without internals. */
    @Provider
    public static final class Unexpected extends Base<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.log(Level.SEVERE, "Unexpected error on " + uri.getRequestUri(), e);
            return respond(ErrorName.Error, "Internal error; see the service log");
        }
    }
}

package dev.portal.gateway;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What SmallRye GraphQL's HTTP handler does not check about a request to /graphql, answered in GraphQL-over-HTTP form
 * ({@code {"errors":[{"message":…,"extensions":{"code":…}}]}}) instead of being run or failing with a 500:
 * <ul>
 * <li>a POST whose body is not JSON or GraphQL ({@code text/plain}, {@code application/xml}, forms…): 415, before the
 * body is read (those are also the media types a browser may send cross-site without asking);</li>
 * <li>a POST with an empty body: 400;</li>
 * <li>a JSON body SmallRye fails on (variables or extensions that are not an object, an operationName that is not a
 * string, JSON nested over 1,000 levels): 400 naming the problem, instead of a 500.</li>
 * </ul>
 */
@ApplicationScoped
public class GraphQLRequestChecks {

    static final String CONTENT_TYPE = "application/graphql-response+json";

    void install(@Observes Filters filters) {
        // after the token check (priority 120): an unauthenticated caller learns nothing about the request
        filters.register(this::checkMediaType, 110);
    }

    void installFailureHandler(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(this::malformedBody);
    }

    static boolean isGraphQL(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.equals("/graphql") || path.startsWith("/graphql/");
    }

    void checkMediaType(RoutingContext ctx) {
        if (!isGraphQL(ctx) || ctx.request().method() != HttpMethod.POST) {
            ctx.next();
            return;
        }
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.isEmpty() && !mediaType.equals("application/json") && !mediaType.equals("application/graphql")) {
            refuse(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Content-Type '" + abbreviate(type)
                    + "': send application/json ({\"query\": …, \"variables\": {…}})");
        } else if ("0".equals(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH))) {
            refuse(ctx, 400, "BAD_REQUEST", "The request body is empty: send {\"query\": …, \"variables\": {…}}");
        } else {
            ctx.next();
        }
    }

    /** A failed /graphql POST whose body is malformed gets 400 with the reason; any other failure goes on (a 500). */
    void malformedBody(RoutingContext ctx) {
        String problem = isGraphQL(ctx) && ctx.request().method() == HttpMethod.POST && ctx.body() != null
                && ctx.body().buffer() != null ? problem(ctx.body().buffer().getBytes()) : null;
        if (problem == null) {
            ctx.next();
        } else {
            refuse(ctx, 400, "BAD_REQUEST", problem);
        }
    }

    /** What is wrong with a GraphQL-over-HTTP JSON body, or null when nothing is. */
    static String problem(byte[] body) {
        JsonNode request;
        try {
            request = Json.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            return "The request body is nested too deeply (JSON nested over 1000 levels)";
        } catch (Exception e) {
            return "The request body is not valid JSON";
        }
        if (request == null || !request.isObject()) {
            return "The request body must be a JSON object: {\"query\": …, \"variables\": {…}}";
        }
        for (String objectMember : new String[] {"variables", "extensions"}) {
            JsonNode member = request.get(objectMember);
            if (member != null && !member.isNull() && !member.isObject()) {
                return "'" + objectMember + "' must be a JSON object (or null), not " + member.getNodeType().name().toLowerCase(Locale.ROOT);
            }
        }
        JsonNode operationName = request.get("operationName");
        if (operationName != null && !operationName.isNull() && !operationName.isTextual()) {
            return "'operationName' must be a string (or null)";
        }
        return null;
    }

    /**
     * Ends the request with {@code status} and one error. A body not read yet is not read at all: the connection is
     * closed after the answer, so a client cannot make the gateway drain a large body it refused (and clients waiting
     * to send it after {@code Expect: 100-continue} see the answer at once).
     */
    static void refuse(RoutingContext ctx, int status, String code, String message) {
        refuse(ctx, status, "{\"errors\":[{\"message\":" + Json.mapper().valueToTree(message) + ",\"extensions\":{\"code\":\""
                + code + "\"}}]}");
    }

    static void refuse(RoutingContext ctx, int status, String body) {
        if (ctx.response().ended()) {
            return;
        }
        boolean unread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE);
        if (unread) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(body).onComplete(done -> {
            if (unread) {
                ctx.request().connection().close();
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }
}

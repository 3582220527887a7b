package dev.portal.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * /graphql needs a valid OIDC bearer token: without one the answer is 401 in GraphQL-over-HTTP form,
 * {@code {"errors":[{"message":…,"extensions":{"code":"UNAUTHENTICATED"}}]}}, with {@code WWW-Authenticate: Bearer}.
 * A WebSocket upgrade without the header may still authenticate in its connection_init payload (browsers cannot set
 * headers on WebSockets); its operations then check the caller themselves.
 */
@ApplicationScoped
public class GraphQLAuthFailures {

    static final String BODY = "{\"errors\":[{\"message\":\"Authentication required: send an OIDC access token as"
            + " 'Authorization: Bearer <token>'\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}";

    void install(@Observes Filters filters) {
        // after the authentication filter (priority 200, which sets up the deferred identity), before authorization and
        // every route
        filters.register(this::requireToken, 120);
    }

    void installFailureHandler(@Observes Router router) {
        // an invalid token fails the request: answer before Quarkus's default auth failure handler does
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            Throwable f = ctx.failure();
            boolean auth = f instanceof AuthenticationFailedException || f instanceof UnauthorizedException
                    || f instanceof AuthenticationCompletionException;
            if (auth && isGraphQL(ctx)) {
                unauthorized(ctx);
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isGraphQL(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.equals("/graphql") || path.startsWith("/graphql/");
    }

    void requireToken(RoutingContext ctx) {
        if (!isGraphQL(ctx)) {
            ctx.next();
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE));
        if (upgrade && ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null) {
            ctx.next();
            return;
        }
        Uni<SecurityIdentity> deferred = ctx.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (deferred == null) {
            unauthorized(ctx);
            return;
        }
        deferred.subscribe().with(identity -> {
            if (identity == null || identity.isAnonymous()) {
                unauthorized(ctx);
            } else {
                ctx.next();
            }
        }, failure -> unauthorized(ctx));
    }

    private static void unauthorized(RoutingContext ctx) {
        if (ctx.response().ended()) {
            return;
        }
        // the body, if any, is never read for an unauthenticated caller: refuse closes the connection instead
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        GraphQLRequestChecks.refuse(ctx, 401, BODY);
    }
}

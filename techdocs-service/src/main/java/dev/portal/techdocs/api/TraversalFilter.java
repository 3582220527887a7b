package dev.portal.techdocs.api;

import jakarta.ws.rs.BadRequestException;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.portal.techdocs.build.SitePaths;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses any techdocs request whose path, as sent, has a {@code ..} segment (also percent-encoded), with 400 —
 * before the HTTP layer normalises it into some other path. Docs paths never need one.
 */
public class TraversalFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseDotDot(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.startsWith("/api/techdocs/") && (SitePaths.isTraversal(path) || SitePaths.isTraversal(SitePaths.decode(path)))) {
            throw new BadRequestException("Invalid path: '..' segments are not allowed");
        }
    }
}

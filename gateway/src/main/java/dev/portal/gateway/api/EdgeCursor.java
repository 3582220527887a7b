package dev.portal.gateway.api;

import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.portal.events.Json;
import dev.portal.gateway.GatewayError;

/**
 * The cursor of an edge that is not the last of its page. The catalog gives a cursor only after a page's last row, and
 * its cursors hold the row's sort value, which only the catalog computes; so an edge's cursor names where its page was
 * read from — after a catalog cursor ({@code cursor}) or the query's first rows ({@code filter}/{@code query}/
 * {@code order}/{@code term}) — and how many rows of it come up to and including the edge ({@code skip}, at most a
 * page). The page after it reads those rows again (uids only) for the catalog's cursor after the edge, then the page.
 * The last edge's cursor, when there is a next page, is the catalog's own (pageInfo.endCursor). Told apart from
 * catalog cursors (base64url, never a '.') by its prefix.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EdgeCursor(String cursor, List<String> filter, String query, List<String> order, String term, int skip) {

    private static final String PREFIX = "edge.";

    /** The page's origin: after a downstream cursor. */
    public static EdgeCursor after(String cursor) {
        return new EdgeCursor(cursor, null, null, null, null, 0);
    }

    /** The page's origin: a query's first rows. */
    public static EdgeCursor from(List<String> filter, String query, List<String> order, String term) {
        return new EdgeCursor(null, filter, query, order, term, 0);
    }

    /** The cursor of the {@code n}th row (1-based) of a page read from here. */
    public EdgeCursor plus(int n) {
        return new EdgeCursor(cursor, filter, query, order, term, skip + n);
    }

    public String encode() {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.toBytes(this));
    }

    /** The edge cursor {@code after} names; null when it is a downstream cursor (or none). */
    public static EdgeCursor decode(String after, int maxSkip) {
        if (after == null || !after.startsWith(PREFIX)) {
            return null;
        }
        EdgeCursor decoded;
        try {
            decoded = Json.fromBytes(Base64.getUrlDecoder().decode(after.substring(PREFIX.length())), EdgeCursor.class);
        } catch (RuntimeException e) {
            decoded = null;
        }
        if (decoded == null || decoded.skip < 0 || decoded.skip > maxSkip) {
            throw new GatewayError.BadInput("after is not a cursor this API gave out");
        }
        return decoded;
    }
}

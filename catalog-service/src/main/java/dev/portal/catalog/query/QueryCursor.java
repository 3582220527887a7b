package dev.portal.catalog.query;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.events.Json;

/**
 * The opaque cursor of {@code /entities/by-query}: everything needed for the next (or previous) page — the query
 * itself, the order, where the page starts and the total counted on the first page (counted once, as Backstage).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryCursor(
        List<OrderField> orderFields,
        List<String> orderFieldValues,
        List<String> filter,
        JsonNode query,
        FullTextFilter fullTextFilter,
        boolean isPrevious,
        long totalItems) {

    public record OrderField(String field, String order) {
    }

    public record FullTextFilter(String term, List<String> fields) {
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.toBytes(this));
    }

    public static QueryCursor decode(String cursor) {
        try {
            QueryCursor decoded = Json.fromBytes(Base64.getUrlDecoder().decode(cursor), QueryCursor.class);
            if (decoded.orderFields == null || decoded.orderFields.size() != 1 || decoded.orderFieldValues == null
                    || decoded.orderFieldValues.size() != 2) {
                throw new IllegalArgumentException("incomplete cursor");
            }
            // A cursor is the client's to send: one that decodes but names no field, no direction or no uid is as
            // malformed as one that does not decode (a 400, never a 500 further on).
            OrderField order = decoded.orderFields.get(0);
            if (order == null || order.field() == null || !List.of("asc", "desc").contains(order.order())) {
                throw new IllegalArgumentException("incomplete order");
            }
            UUID.fromString(decoded.orderFieldValues.get(1));
            return decoded;
        } catch (RuntimeException e) {
            throw new CatalogInputException("Malformed cursor, could not be parsed");
        }
    }

    public QueryCursor startingAt(String sortValue, String uid, boolean previous) {
        return new QueryCursor(orderFields, List.of(sortValue, uid), filter, query, fullTextFilter, previous, totalItems);
    }
}

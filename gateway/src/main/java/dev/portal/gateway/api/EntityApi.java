package dev.portal.gateway.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import dev.portal.events.identity.CurrentCaller;
import dev.portal.gateway.GatewayError;
import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.catalog.EntityView;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import dev.portal.gateway.schema.EntityConnection;
import dev.portal.gateway.schema.EntityEdge;
import dev.portal.gateway.schema.EntityOrder;
import dev.portal.gateway.schema.GlobalId;
import dev.portal.gateway.schema.Node;
import dev.portal.gateway.schema.PageInfo;

/** Entities by ref, by global ID and by the catalog's filter and predicate languages. */
@GraphQLApi
@io.smallrye.common.annotation.Blocking
public class EntityApi {

    static final int MAX_PAGE = 500;

    private final EntityLoader loader;
    private final Downstream downstream;
    private final CurrentCaller caller;

    public EntityApi(EntityLoader loader, Downstream downstream, CurrentCaller caller) {
        this.loader = loader;
        this.downstream = downstream;
        this.caller = caller;
    }

    @Query("entity")
    @Description("One entity by ref, [kind:][namespace/]name (kind required); null when there is none.")
    public Entity entity(@NonNull @Name("ref") String ref) {
        caller.identity();
        if (EntityLoader.canonical(ref) == null) {
            throw new GatewayError.BadInput(EntityApiSupport.badRef(ref));
        }
        return BaseEntity.wrap(loader.oneView(ref));
    }

    @Query("node")
    @Description("Any object by its global ID (Relay).")
    public Node node(@NonNull @Id @Name("id") String id) {
        caller.identity();
        String[] parsed = GlobalId.parse(id);
        if (parsed == null || !"Entity".equals(parsed[0])) {
            return null;
        }
        return BaseEntity.wrap(loader.oneView(parsed[1]));
    }

    @Query("nodes")
    @Description("Objects by their global IDs, in order (null for an unknown one); one catalog call at most.")
    public List<Node> nodes(@NonNull @Id @Name("ids") List<@NonNull String> ids) {
        caller.identity();
        List<String> refs = new ArrayList<>();
        for (String id : ids) {
            String[] parsed = GlobalId.parse(id);
            refs.add(parsed != null && "Entity".equals(parsed[0]) ? EntityLoader.canonical(parsed[1]) : null);
        }
        Map<String, EntityView> found = loader.views(refs.stream().filter(r -> r != null).toList());
        List<Node> nodes = new ArrayList<>();
        refs.forEach(ref -> nodes.add(ref == null ? null : BaseEntity.wrap(found.get(ref))));
        return nodes;
    }

    @Query("entities")
    @Description("Entities matching the catalog's filter language (filter: each item like 'kind=component,spec.type=service';"
            + " items are OR-ed, the conditions inside one are AND-ed) or its predicate language (query: JSON, e.g. "
            + "{\"kind\":\"component\",\"spec.lifecycle\":{\"$in\":[\"production\"]}}), ordered, paged by first/after."
            + " after takes pageInfo.endCursor or any edge's cursor (the page then continues right after that edge); a"
            + " cursor carries its query, so with after the filter, query, orderBy and fullTextTerm given are not read.")
    public EntityConnection entities(@Name("filter") List<String> filter, @Name("query") String query,
                                     @Name("orderBy") List<EntityOrder> orderBy,
                                     @Name("fullTextTerm") String fullTextTerm,
                                     @Name("first") @DefaultValue("20") int first, @Name("after") String after) {
        caller.identity();
        if (first < 0 || first > MAX_PAGE) {
            throw new GatewayError.BadInput("first must be between 0 and " + MAX_PAGE);
        }
        EdgeCursor edge = EdgeCursor.decode(after, MAX_PAGE);
        if (edge == null && after != null) {
            return connection(rows(EdgeCursor.after(after), first, null), EdgeCursor.after(after));
        }
        EdgeCursor origin = edge != null ? edge : EdgeCursor.from(filter, query, orderFields(orderBy), fullTextTerm);
        if (origin.skip() == 0) {
            return connection(rows(origin, first, null), origin);
        }
        // after an edge that was not its page's last: the catalog's own cursor after the edge's row (one call reading
        // only the uids of the rows up to it), then the page from there
        JsonNode upToEdge = rows(origin, origin.skip(), List.of("metadata.uid"));
        String resume = upToEdge.path("pageInfo").path("nextCursor").asText(null);
        if (resume == null) {
            return new EntityConnection(List.of(), new PageInfo(false, true, null, null), upToEdge.path("totalItems").asLong(0));
        }
        return connection(rows(EdgeCursor.after(resume), first, null), EdgeCursor.after(resume));
    }

    /** The first {@code limit} rows read from an origin: after its downstream cursor, or its query's first rows. */
    private JsonNode rows(EdgeCursor origin, int limit, List<String> fields) {
        return origin.cursor() != null ? afterCursor(origin.cursor(), limit, fields) : firstPage(origin, limit, fields);
    }

    /** The rows after a downstream cursor (which carries the query). */
    private JsonNode afterCursor(String cursor, int limit, List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("limit", limit);
        body.put("cursor", cursor);
        if (fields != null) {
            body.put("fields", fields);
        }
        return downstream.post(Service.CATALOG, "/api/catalog/entities/by-query", body);
    }

    /** A query's first rows: the predicate form by POST, the filter form by GET. */
    private JsonNode firstPage(EdgeCursor origin, int first, List<String> fields) {
        List<String> filter = origin.filter();
        String query = origin.query();
        boolean hasFilter = filter != null && !filter.isEmpty();
        if (query != null && !query.isBlank()) {
            if (hasFilter) {
                throw new GatewayError.BadInput("Give either filter or query, not both");
            }
            JsonNode predicate;
            try {
                predicate = Json.tree(query.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new GatewayError.BadInput("query is not valid JSON: " + e.getMessage());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("limit", first);
            body.put("query", predicate);
            body.put("orderField", origin.order() == null ? List.of() : origin.order());
            if (origin.term() != null) {
                body.put("fullTextFilter", Map.of("term", origin.term()));
            }
            if (fields != null) {
                body.put("fields", fields);
            }
            return downstream.post(Service.CATALOG, "/api/catalog/entities/by-query", body);
        }
        StringBuilder q = new StringBuilder("/api/catalog/entities/by-query?limit=").append(first);
        if (hasFilter) {
            filter.forEach(f -> q.append("&filter=").append(enc(f)));
        }
        (origin.order() == null ? List.<String>of() : origin.order()).forEach(o -> q.append("&orderField=").append(enc(o)));
        if (origin.term() != null) {
            q.append("&fullTextFilterTerm=").append(enc(origin.term()));
        }
        if (fields != null) {
            fields.forEach(f -> q.append("&fields=").append(enc(f)));
        }
        return downstream.get(Service.CATALOG, q.toString());
    }

    /**
     * A page read from {@code origin}: each edge's cursor continues right after it — the last one's, when there is a
     * next page, is the catalog's own next cursor (pageInfo.endCursor); the others name the origin and the row.
     */
    private EntityConnection connection(JsonNode page, EdgeCursor origin) {
        String next = page.path("pageInfo").path("nextCursor").asText(null);
        List<EntityEdge> edges = new ArrayList<>();
        JsonNode items = page.path("items");
        for (int i = 0; i < items.size(); i++) {
            Entity entity = BaseEntity.wrap(items.get(i));
            if (entity != null) {
                boolean last = i == items.size() - 1;
                edges.add(new EntityEdge(last && next != null ? next : origin.plus(i + 1).encode(), entity));
            }
        }
        boolean hasPrevious = page.path("pageInfo").path("prevCursor").asText(null) != null;
        return new EntityConnection(edges, new PageInfo(next != null, hasPrevious,
                edges.isEmpty() ? null : edges.get(0).cursor(), next), page.path("totalItems").asLong(edges.size()));
    }

    private static List<String> orderFields(List<EntityOrder> orderBy) {
        List<String> fields = new ArrayList<>();
        if (orderBy != null) {
            for (EntityOrder o : orderBy) {
                fields.add(o.field + "," + (o.order == null ? "asc" : o.order.name().toLowerCase(Locale.ROOT)));
            }
        }
        return fields;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

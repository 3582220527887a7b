package dev.portal.catalog.entity;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.identity.Ownership;
import dev.portal.catalog.location.LocationService;
import dev.portal.catalog.query.EntityQueryRepository;
import dev.portal.catalog.query.EntityPredicate;
import dev.portal.catalog.query.EntityQueryService;
import dev.portal.catalog.query.EntityQueryService.QueryPage;
import dev.portal.catalog.query.EntityQueryService.QueryRequest;
import dev.portal.catalog.query.FieldsProjection;
import dev.portal.catalog.query.FilterParser;
import dev.portal.catalog.query.SqlCondition;
import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.identity.CurrentCaller;
import io.quarkus.security.ForbiddenException;

/**
 * Backstage's catalog entity API (reference §3), under {@code /api/catalog}.
 *
 * <p>Reads do not ask for the caller's identity: the "api" permission (authenticated, events' configuration) has
 * already answered an anonymous or rejected caller with a 401 before any method here runs, and what a read returns
 * depends on nobody's identity. Resolving it anyway was about a tenth of a by-name request's cost. Writes and
 * actions still resolve it, to check ownership.
 */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {

    private final EntityQueryService queries;
    private final EntityQueryRepository rows;
    private final EntityService entities;
    private final EntityRepository records;
    private final Ownership ownership;
    private final CurrentCaller caller;
    private final LocationService locations;

    public EntityResource(EntityQueryService queries, EntityQueryRepository rows, EntityService entities,
                          EntityRepository records, Ownership ownership, CurrentCaller caller, LocationService locations) {
        this.locations = locations;
        this.queries = queries;
        this.rows = rows;
        this.entities = entities;
        this.records = records;
        this.ownership = ownership;
        this.caller = caller;
    }

    @GET
    @Path("/entities")
    public Response getEntities(@QueryParam("filter") List<String> filter, @QueryParam("fields") List<String> fields,
                                @QueryParam("order") List<String> order, @QueryParam("offset") Integer offset,
                                @QueryParam("limit") Integer limit, @QueryParam("after") String after,
                                @Context UriInfo uri) {
        FieldsProjection projection = FieldsProjection.parse(fields);
        if (offset == null && limit == null && after == null) {
            // No paging asked: stream every match from a database cursor, never holding them all in memory.
            SqlCondition where = SqlCondition.of(FilterParser.parseFilterParams(filter));
            List<EntityQueryRepository.Order> orders = EntityQueryService.parseOrders(order);
            StreamingOutput body = out -> {
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                writer.write('[');
                boolean[] first = {true};
                rows.stream(where, orders, row -> {
                    try {
                        if (!first[0]) {
                            writer.write(',');
                        }
                        first[0] = false;
                        writer.write(projection == null ? row.json() : projection.apply(row.json()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.write(']');
                writer.flush();
            };
            return Response.ok(body).build();
        }
        int start = offset == null ? 0 : offset;
        int pageSize = EntityQueryService.limit(limit, EntityQueryService.MAX_LIMIT);
        if (after != null) {
            JsonNode cursor = decodeAfter(after);
            start = cursor.path("offset").asInt();
            pageSize = EntityQueryService.limit(cursor.path("limit").asInt(), EntityQueryService.MAX_LIMIT);
        }
        if (start < 0) {
            throw new CatalogInputException("Invalid offset " + start + ", expected a number of at least 0");
        }
        List<String> items = new ArrayList<>(queries.list(filter, order, start, pageSize + 1, projection));
        Response.ResponseBuilder response = Response.ok();
        if (items.size() > pageSize) {
            items = items.subList(0, pageSize);
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Json.toBytes(Map.of("offset", start + pageSize, "limit", pageSize)));
            String link = uri.getRequestUriBuilder().replaceQueryParam("offset").replaceQueryParam("limit")
                    .replaceQueryParam("after", next).build().toString();
            String relative = link.substring(link.indexOf("/entities"));
            response.header("link", "<" + relative + ">; rel=\"next\"");
        }
        return response.entity(jsonArray(items)).build();
    }

    @GET
    @Path("/entities/by-query")
    public byte[] getEntitiesByQuery(@QueryParam("filter") List<String> filter, @QueryParam("fields") List<String> fields,
                                     @QueryParam("limit") Integer limit, @QueryParam("orderField") List<String> orderField,
                                     @QueryParam("cursor") String cursor,
                                     @QueryParam("fullTextFilterTerm") String fullTextTerm,
                                     @QueryParam("fullTextFilterFields") List<String> fullTextFields,
                                     @QueryParam("offset") Integer offset) {
        QueryPage page = queries.query(new QueryRequest(filter, null, orderField, fullTextTerm, fullTextFields, offset),
                cursor, limit, FieldsProjection.parse(fields));
        return pageJson(page);
    }

    /**
     * The predicate form: {@code {query, orderField[], fullTextFilter{term, fields}, fields[], limit, offset, cursor}}; the order
     * may also come as {@code orderBy: [{field, order}]}, which is what {@code @backstage/catalog-client} sends.
     */
    @POST
    @Path("/entities/by-query")
    @Consumes(MediaType.APPLICATION_JSON)
    public byte[] queryEntitiesByPredicate(JsonNode body) {
        JsonNode request = body == null ? Json.mapper().createObjectNode() : body;
        JsonNode fullText = request.path("fullTextFilter");
        QueryPage page = queries.query(new QueryRequest(null, request.hasNonNull("query") ? request.get("query") : null,
                        orderFields(request), fullText.path("term").asText(null), strings(fullText.path("fields")),
                        request.hasNonNull("offset") ? request.get("offset").asInt() : null),
                request.path("cursor").asText(null), request.hasNonNull("limit") ? request.get("limit").asInt() : null,
                FieldsProjection.parse(strings(request.path("fields"))));
        return pageJson(page);
    }

    @GET
    @Path("/entities/by-uid/{uid}")
    public byte[] getByUid(@PathParam("uid") String uid) {
        return rows.byUid(parseUid(uid)).map(EntityQueryRepository.Row::served)
                .orElseThrow(() -> new NotFoundException("No entity with uid " + uid));
    }

    @DELETE
    @Path("/entities/by-uid/{uid}")
    public Response deleteByUid(@PathParam("uid") String uid) {
        EntityRecord record = records.findByUid(parseUid(uid))
                .orElseThrow(() -> new NotFoundException("No entity with uid " + uid));
        if (!ownership.mayChange(caller.identity(), record.entityRef)) {
            throw new ForbiddenException("You may only delete entities you own: " + record.entityRef);
        }
        entities.deleteIfPresent(record.entityRef);
        locations.entityDeleted(record);
        return Response.noContent().build();
    }

    @GET
    @Path("/entities/by-name/{kind}/{namespace}/{name}")
    public byte[] getByName(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                            @PathParam("name") String name) {
        return rows.servedJsonByRef(refInPath(kind, namespace, name))
                .orElseThrow(() -> new NotFoundException("No entity named '" + name + "' found, with kind '" + kind
                        + "' in namespace '" + namespace + "'"));
    }

    /** The canonical ref a path names; parts no ref can have (a ':' in the kind, say) name no entity: a 404. */
    private static String refInPath(String kind, String namespace, String name) {
        try {
            return EntityRef.of(kind, namespace, name).canonical();
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No entity named '" + name + "' found, with kind '" + kind + "' in namespace '"
                    + namespace + "'");
        }
    }

    @GET
    @Path("/entities/by-name/{kind}/{namespace}/{name}/ancestry")
    public String getAncestry(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                              @PathParam("name") String name) {
        String root = refInPath(kind, namespace, name);
        if (rows.byRef(root).isEmpty()) {
            throw new NotFoundException("No such entity " + root);
        }
        ObjectNode body = Json.mapper().createObjectNode().put("rootEntityRef", root);
        ArrayNode items = body.putArray("items");
        List<String> todo = new ArrayList<>(List.of(root));
        Map<String, Boolean> seen = new LinkedHashMap<>();
        while (!todo.isEmpty()) {   // breadth-first up the emitter graph
            Map<String, List<String>> parents = rows.parents(todo);
            List<String> next = new ArrayList<>();
            for (String ref : todo) {
                if (seen.putIfAbsent(ref, true) != null) {
                    continue;
                }
                var entity = rows.byRef(ref);
                if (entity.isEmpty()) {
                    continue;
                }
                ObjectNode item = items.addObject();
                item.set("entity", Json.tree(entity.get().json().getBytes(StandardCharsets.UTF_8)));
                ArrayNode parentRefs = item.putArray("parentEntityRefs");
                parents.getOrDefault(ref, List.of()).forEach(parentRefs::add);
                next.addAll(parents.getOrDefault(ref, List.of()));
            }
            todo = next;
        }
        return body.toString();
    }

    /**
     * {@code {entityRefs: [...], fields?: [...], query?: predicate}} and an optional filter: items in request order, null
     * if missing or not matching.
     */
    @POST
    @Path("/entities/by-refs")
    @Consumes(MediaType.APPLICATION_JSON)
    public byte[] getByRefs(JsonNode body, @QueryParam("filter") List<String> filter) {
        if (body == null || !body.path("entityRefs").isArray()) {
            throw new CatalogInputException("Expected a body {\"entityRefs\": [...]}");
        }
        List<String> refs = new ArrayList<>();
        for (JsonNode ref : body.get("entityRefs")) {
            try {
                refs.add(EntityRef.parse(ref.asText()).canonical());
            } catch (IllegalArgumentException e) {
                throw new CatalogInputException(e.getMessage());
            }
        }
        FieldsProjection projection = FieldsProjection.parse(strings(body.path("fields")));
        Map<String, EntityQueryRepository.Row> found = new LinkedHashMap<>();
        SqlCondition where = SqlCondition.of(filterAndQuery(filter, body.get("query")));
        for (int i = 0; i < refs.size(); i += 200) {
            found.putAll(rows.byRefs(refs.subList(i, Math.min(refs.size(), i + 200)), where));
        }
        List<byte[]> items = refs.stream().map(found::get).map(r -> r == null ? NULL
                : projection == null ? r.served() : utf8(projection.apply(r.json()))).toList();
        return itemsJson(items, "}");
    }

    @GET
    @Path("/entity-facets")
    public byte[] getFacets(@QueryParam("facet") List<String> facets, @QueryParam("filter") List<String> filter) {
        return utf8(facetsJson(queries.facets(facets, filter)));
    }

    /** The predicate form of the facets (QueryEntityFacetsByPredicate): {@code {facets: [...], query?: predicate}}. */
    @POST
    @Path("/entity-facets")
    @Consumes(MediaType.APPLICATION_JSON)
    public String queryFacetsByPredicate(JsonNode body) {
        JsonNode request = body == null ? Json.mapper().createObjectNode() : body;
        return facetsJson(queries.facets(strings(request.path("facets")), FilterParser.parsePredicate(request.get("query"))));
    }

    private static String facetsJson(Map<String, Map<String, Long>> facets) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode byFacet = body.putObject("facets");
        facets.forEach((facet, counts) -> {
            ArrayNode values = byFacet.putArray(facet);
            counts.forEach((value, count) -> values.addObject().put("value", value).put("count", count));
        });
        return body.toString();
    }

    /**
     * Backstage's validate-entity: 200 when valid, else 400 {@code {errors: [{name, message}]}} — for a location that is
     * not {@code url:<target>} too, as Backstage answers it and as its client reads it ({@code {valid: false, errors}}).
     */
    @POST
    @Path("/validate-entity")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response validateEntity(JsonNode body) {
        caller.identity();
        String location = body == null ? null : body.path("location").asText(null);
        List<String> problems = location == null || !location.startsWith("url:")
                ? List.of("Invalid location ref '" + location + "', only 'url:<target>' is supported")
                : entities.problems(List.of(body.path("entity")));
        if (problems.isEmpty()) {
            return Response.ok().build();
        }
        ObjectNode errors = Json.mapper().createObjectNode();
        ArrayNode list = errors.putArray("errors");
        problems.forEach(p -> list.addObject().put("name", "InputError").put("message", p));
        return Response.status(400).entity(errors.toString()).build();
    }

    /** Schedules the entity for processing again; here it is stitched again at once. */
    @POST
    @Path("/refresh")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response refresh(JsonNode body) {
        caller.identity();
        String ref;
        try {
            ref = EntityRef.parse(body == null ? "" : body.path("entityRef").asText("")).canonical();
        } catch (IllegalArgumentException e) {
            throw new CatalogInputException(e.getMessage());
        }
        if (rows.byRef(ref).isEmpty()) {
            throw new NotFoundException("No entity " + ref);
        }
        locations.refreshEntity(ref);
        return Response.ok().build();
    }

    /** {@code {items, totalItems, pageInfo}}, the items as the bytes they were stored as. */
    static byte[] pageJson(QueryPage page) {
        ObjectNode pageInfo = Json.mapper().createObjectNode();
        if (page.nextCursor() != null) {
            pageInfo.put("nextCursor", page.nextCursor());
        }
        if (page.prevCursor() != null) {
            pageInfo.put("prevCursor", page.prevCursor());
        }
        return itemsJson(page.items(), ",\"totalItems\":" + page.totalItems() + ",\"pageInfo\":" + pageInfo + "}");
    }

    private static final byte[] NULL = utf8("null");

    /** {@code {"items":[...]} + rest}: each item (JSON bytes) copied once. */
    static byte[] itemsJson(List<byte[]> items, String rest) {
        byte[] tail = utf8(rest);
        ByteArrayOutputStream body = new ByteArrayOutputStream(
                16 + tail.length + items.stream().mapToInt(item -> item.length + 1).sum());
        body.writeBytes(utf8("{\"items\":["));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(items.get(i));
        }
        body.write(']');
        body.writeBytes(tail);
        return body.toByteArray();
    }

    /** {@code orderField: ["field,order"]}, and the client's {@code orderBy: [{field, order}]}, as orderField values. */
    static List<String> orderFields(JsonNode request) {
        List<String> orderFields = strings(request.path("orderField"));
        JsonNode orderBy = request.path("orderBy");
        for (JsonNode order : orderBy.isObject() ? List.of(orderBy) : orderBy) {
            if (!order.path("field").isTextual() || !order.path("order").isTextual()) {
                throw new CatalogInputException("Invalid orderBy " + order
                        + ", expected {\"field\": \"<field name>\", \"order\": \"asc\" or \"desc\"}");
            }
            orderFields.add(order.get("field").asText() + "," + order.get("order").asText());
        }
        return orderFields;
    }

    /** The {@code filter} parameters and a predicate {@code query}, both to match. */
    static EntityPredicate filterAndQuery(List<String> filter, JsonNode query) {
        EntityPredicate filtered = FilterParser.parseFilterParams(filter);
        if (query == null || query.isNull()) {
            return filtered;
        }
        EntityPredicate queried = FilterParser.parsePredicate(query);
        return filtered instanceof EntityPredicate.Everything ? queried : new EntityPredicate.All(List.of(filtered, queried));
    }

    /**
     * Read answers are returned as bytes: RESTEasy writes a byte[] in one piece with its Content-Length, where a
     * String goes through an output stream that sends anything over 8 KB as many small chunks (a page of 50
     * entities was ten), which costs the server and every client CPU per chunk.
     */
    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String jsonArray(List<String> jsonItems) {
        return "[" + String.join(",", jsonItems) + "]";
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> values.add(v.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return values;
    }

    private static UUID parseUid(String uid) {
        try {
            return UUID.fromString(uid);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No entity with uid " + uid);
        }
    }

    private static JsonNode decodeAfter(String after) {
        try {
            JsonNode cursor = Json.tree(Base64.getUrlDecoder().decode(after));
            if (!cursor.path("offset").canConvertToInt() || !cursor.path("limit").canConvertToInt()) {
                throw new IllegalArgumentException();
            }
            return cursor;
        } catch (RuntimeException e) {
            throw new CatalogInputException("Malformed after cursor, could not be parsed");
        }
    }
}

package dev.portal.catalog.location;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityRecord;
import dev.portal.catalog.entity.EntityRepository;
import dev.portal.catalog.query.EntityPredicate;
import dev.portal.catalog.query.EntityQueryRepository;
import dev.portal.catalog.query.SqlCondition;
import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.identity.CallerIdentity;
import dev.portal.events.identity.CurrentCaller;

/** Backstage's location API (reference §3.8–3.9), under {@code /api/catalog}. */
@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class LocationResource {

    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.UTF_8);

    private final LocationService service;
    private final LocationRepository locations;
    private final EntityRepository entities;
    private final EntityQueryRepository rows;
    private final CurrentCaller caller;

    public LocationResource(LocationService service, LocationRepository locations, EntityRepository entities,
                            EntityQueryRepository rows, CurrentCaller caller) {
        this.service = service;
        this.locations = locations;
        this.entities = entities;
        this.rows = rows;
        this.caller = caller;
    }

    /** {@code {type, target}}: 201 {@code {location, entities, exists?}}; with {@code dryRun} nothing is written. */
    @POST
    @Path("/locations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addLocation(JsonNode body, @QueryParam("dryRun") boolean dryRun) {
        CallerIdentity identity = caller.identity();
        String type = body == null ? null : body.path("type").asText(null);
        String target = body == null ? null : body.path("target").asText(null);
        if (dryRun) {
            ObjectNode result = Json.mapper().createObjectNode();
            ArrayNode items = result.putArray("entities");
            var existing = locations.findByTypeAndTarget(type == null ? "" : type, target == null ? "" : target);
            service.dryRun(type, target, identity.isAdmin()).forEach(items::add);
            result.set("location", existing.map(LocationResource::json)
                    .orElseGet(() -> Json.mapper().createObjectNode().put("id", "").put("type", type).put("target", target)));
            result.put("exists", existing.isPresent());
            return Response.status(201).entity(result.toString()).build();
        }
        LocationRecord location = service.register(type, target, identity.userRef().canonical(), identity.isAdmin());
        List<String> refs = locations.emittedBy(location.source()).stream().map(LocationRepository.EmittedRef::entityRef).toList();
        byte[] head = ("{\"location\":" + json(location) + ",\"entities\":[").getBytes(StandardCharsets.UTF_8);
        SqlCondition all = SqlCondition.of(new EntityPredicate.Everything());
        // Streamed: a location of 100,000 entities answers 140 MB of JSON, which a service heap must never hold (it
        // did, as a tree and then a String, and ran out of memory). Each entity's served JSON goes from the driver's
        // bytes to the socket, fetched in chunks of 500 refs rather than one query each.
        StreamingOutput answer = out -> {
            out.write(head);
            boolean first = true;
            for (int i = 0; i < refs.size(); i += 500) {
                for (EntityQueryRepository.Row row : rows.byRefs(refs.subList(i, Math.min(refs.size(), i + 500)), all).values()) {
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    out.write(row.served());
                }
            }
            out.write(CLOSE);
        };
        return Response.status(201).entity(answer).build();
    }

    @GET
    @Path("/locations")
    public String getLocations() {
        caller.identity();
        ArrayNode list = Json.mapper().createArrayNode();
        for (LocationRecord location : locations.listAll()) {
            list.addObject().set("data", json(location));
        }
        return list.toString();
    }

    @GET
    @Path("/locations/{id}")
    public String getLocation(@PathParam("id") String id) {
        caller.identity();
        return json(service.byId(id)).toString();
    }

    @DELETE
    @Path("/locations/{id}")
    public Response deleteLocation(@PathParam("id") String id) {
        CallerIdentity identity = caller.identity();
        service.delete(service.byId(id), identity.userRef().canonical(), identity.isAdmin());
        return Response.noContent().build();
    }

    @GET
    @Path("/locations/by-entity/{kind}/{namespace}/{name}")
    public String getLocationByEntity(@PathParam("kind") String kind, @PathParam("namespace") String namespace,
                                      @PathParam("name") String name) {
        caller.identity();
        String ref = EntityRef.of(kind, namespace, name).canonical();
        EntityRecord entity = entities.findByRef(ref).orElseThrow(() -> new NotFoundException("No entity " + ref));
        if (entity.source == null || !entity.source.startsWith("location:")) {
            throw new NotFoundException("Entity " + ref + " was not read from a location");
        }
        return json(service.byId(entity.source.substring("location:".length()))).toString();
    }

    /**
     * {@code {location: {type, target}}}: what registering it would give — the entity files found, whether each is
     * registered already — without writing anything.
     */
    @POST
    @Path("/analyze-location")
    @Consumes(MediaType.APPLICATION_JSON)
    public String analyzeLocation(JsonNode body) {
        caller.identity();
        JsonNode location = body == null ? null : body.get("location");
        if (location == null || !location.isObject()) {
            throw new CatalogInputException("Expected a body {\"location\": {\"type\": ..., \"target\": ...}}");
        }
        String type = location.path("type").asText("url");
        String target = location.path("target").asText(null);
        ObjectNode result = Json.mapper().createObjectNode();
        ArrayNode files = result.putArray("existingEntityFiles");
        // What the files hold, whatever the catalog rules would let this caller register of it.
        List<JsonNode> found = service.dryRun(type, target, true);
        for (JsonNode entity : found.subList(1, found.size())) { // the first is the generated root Location
            ObjectNode file = files.addObject();
            file.set("entity", entity);
            String ref = dev.portal.catalog.entity.EntityService.refOf(entity).canonical();
            file.put("isRegistered", entities.findByRef(ref).isPresent());
            file.putObject("location").put("type", type)
                    .put("target", entity.path("metadata").path("annotations")
                            .path(LocationReader.MANAGED_BY_LOCATION).asText().replaceFirst("^[a-z]+:", ""));
        }
        result.putArray("generateEntities");
        return result.toString();
    }

    static ObjectNode json(LocationRecord location) {
        return Json.mapper().createObjectNode().put("id", location.id.toString()).put("type", location.type)
                .put("target", location.target);
    }
}

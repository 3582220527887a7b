package dev.portal.catalog.ingest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.location.LocationRecord;
import dev.portal.catalog.location.LocationRepository;
import dev.portal.catalog.outbox.OutboxRelay;
import dev.portal.catalog.relation.RelationRepository;
import dev.portal.events.Json;
import dev.portal.events.identity.CurrentCaller;

/**
 * How ingestion is going: entities read, written and failed since start (a location read adds to them as it goes),
 * entities still to be stitched again (peers of what was written), change events published and still pending, and each
 * location's last read errors.
 */
@Path("/api/catalog/ingest/status")
public class IngestStatusResource {

    private final IngestProgress progress;
    private final OutboxRelay relay;
    private final LocationRepository locations;
    private final RelationRepository relations;
    private final CurrentCaller caller;

    public IngestStatusResource(IngestProgress progress, OutboxRelay relay, LocationRepository locations,
                                RelationRepository relations, CurrentCaller caller) {
        this.progress = progress;
        this.relay = relay;
        this.locations = locations;
        this.relations = relations;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String status() {
        caller.identity();
        ObjectNode status = Json.mapper().createObjectNode();
        status.put("read", progress.read()).put("written", progress.written()).put("failed", progress.failed())
                .put("stitchesPending", relations.queuedStitches())
                .put("eventsPublished", relay.published()).put("eventsPending", relay.pending());
        ArrayNode list = status.putArray("locations");
        for (LocationRecord location : locations.listAll()) {
            ObjectNode item = list.addObject().put("id", location.id.toString()).put("type", location.type)
                    .put("target", location.target);
            item.set("errors", Json.mapper().valueToTree(locations.fileErrors(location.id)));
        }
        return status.toString();
    }
}

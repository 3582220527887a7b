package dev.portal.catalog.seed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityDocuments;
import dev.portal.catalog.entity.EntityRecord;
import dev.portal.catalog.entity.EntityService;
import dev.portal.events.Json;
import dev.portal.events.identity.CallerIdentity;

/**
 * Writes entities directly, for tests, benchmarks and operators (ingestion proper reads locations and Kafka):
 * a JSON entity, a JSON array of entities, or multi-document YAML. The batch is applied whole or not at all.
 */
@Path("/api/catalog/admin/entities")
@RolesAllowed(CallerIdentity.ADMIN_ROLE)
public class SeedResource {

    private static final int MAX_BATCH = 5000;

    private final EntityService entities;

    public SeedResource(EntityService entities) {
        this.entities = entities;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String seedJson(JsonNode body) {
        List<JsonNode> batch = new ArrayList<>();
        if (body != null && body.isArray()) {
            body.forEach(batch::add);
        } else if (body != null) {
            batch.add(body);
        }
        return seed(batch);
    }

    @POST
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml"})
    @Produces(MediaType.APPLICATION_JSON)
    public String seedYaml(String body) {
        return seed(EntityDocuments.parseYaml(body, "the request body"));
    }

    private String seed(List<JsonNode> batch) {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw new CatalogInputException("Expected 1 to " + MAX_BATCH + " entities, got " + batch.size());
        }
        ArrayNode items = Json.mapper().createArrayNode();
        for (EntityRecord record : entities.upsert(batch, EntityService.Origin.of("seed"))) {
            items.addObject().put("entityRef", record.entityRef).put("uid", record.uid.toString())
                    .put("generation", record.generation);
        }
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("items", items);
        return body.toString();
    }
}

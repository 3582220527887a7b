package dev.portal.catalog.provider;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityConflictException;
import dev.portal.catalog.entity.EntityRecord;
import dev.portal.catalog.entity.EntityRepository;
import dev.portal.catalog.entity.EntityService;
import dev.portal.catalog.location.LocationRepository;
import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.identity.CallerIdentity;

/**
 * Integrations push entities as a named provider, with Backstage's {@code EntityProviderConnection.applyMutation}
 * semantics: a {@code full} mutation replaces everything the provider owns, a {@code delta} adds and removes. An
 * entity another source provides cannot be claimed (409), and a mutation is applied whole or not at all.
 */
@Path("/api/catalog/providers/{provider}/mutations")
@RolesAllowed(CallerIdentity.ADMIN_ROLE)
public class ProviderResource {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final int MAX_ENTITIES = 10_000;

    private final EntityService entities;
    private final EntityRepository records;
    private final LocationRepository emitted;

    public ProviderResource(EntityService entities, EntityRepository records, LocationRepository emitted) {
        this.entities = entities;
        this.records = records;
        this.emitted = emitted;
    }

    /** {@code {"type":"full","entities":[...]}} or {@code {"type":"delta","added":[...],"removed":[refs]}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public String applyMutation(@PathParam("provider") String provider, JsonNode mutation) {
        if (!NAME.matcher(provider).matches()) {
            throw new CatalogInputException("Invalid provider name '" + provider + "', expected [a-z0-9-], at most 63");
        }
        String source = "provider:" + provider;
        String type = mutation == null ? "" : mutation.path("type").asText("");
        List<JsonNode> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (type.equals("full")) {
            mutation.path("entities").forEach(added::add);
        } else if (type.equals("delta")) {
            mutation.path("added").forEach(added::add);
            for (JsonNode ref : mutation.path("removed")) {
                removed.add(parseRef(ref.asText()));
            }
        } else {
            throw new CatalogInputException("Invalid mutation type '" + type + "', expected full or delta");
        }
        if (added.size() + removed.size() > MAX_ENTITIES) {
            throw new CatalogInputException("A mutation holds at most " + MAX_ENTITIES + " entities; send deltas");
        }
        // Validated before a ref is read from them: an entity without a name is a 400 naming it, not a 500.
        List<String> problems = entities.problems(added);
        if (!problems.isEmpty()) {
            throw new CatalogInputException(String.join("; ", problems));
        }
        if (type.equals("full")) {
            Set<String> kept = new HashSet<>();
            added.forEach(e -> kept.add(EntityService.refOf(e).canonical()));
            emitted.emittedBy(source).stream().map(LocationRepository.EmittedRef::entityRef)
                    .filter(ref -> !kept.contains(ref)).forEach(removed::add);
        }
        if (!added.isEmpty()) {
            entities.upsertValidated(added, EntityService.Origin.of(source));
        }
        List<String> claimedElsewhere = new ArrayList<>();
        for (String ref : removed) {
            records.findByRef(ref).filter(r -> r.source != null && !r.source.equals(source))
                    .map((EntityRecord r) -> ref + " is provided by " + r.source).ifPresent(claimedElsewhere::add);
        }
        if (!claimedElsewhere.isEmpty()) {
            throw new EntityConflictException(claimedElsewhere);
        }
        removed.forEach(entities::deleteIfPresent);
        return Json.mapper().createObjectNode().put("provider", provider).put("added", added.size())
                .put("removed", removed.size()).toString();
    }

    private static String parseRef(String ref) {
        try {
            return EntityRef.parse(ref).canonical();
        } catch (IllegalArgumentException e) {
            throw new CatalogInputException(e.getMessage());
        }
    }
}

package dev.portal.gateway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.identity.CurrentCaller;
import dev.portal.gateway.GatewayError;
import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import dev.portal.gateway.scorecard.EntityScorecard;
import dev.portal.gateway.scorecard.ScorecardClient;
import io.smallrye.common.annotation.Blocking;

/**
 * Writes, passed to the service that owns them with the caller's token: the service applies its ownership rules, and
 * a refusal comes back as an error with extensions.code FORBIDDEN (403), NOT_FOUND, BAD_USER_INPUT or CONFLICT.
 */
@GraphQLApi
@Blocking
public class MutationApi {

    private final Downstream downstream;
    private final CurrentCaller caller;
    private final ScorecardClient scorecards;
    private final CompositionCache composition;

    public MutationApi(Downstream downstream, CurrentCaller caller, ScorecardClient scorecards, CompositionCache composition) {
        this.downstream = downstream;
        this.caller = caller;
        this.scorecards = scorecards;
        this.composition = composition;
    }

    @Type("CatalogLocation")
    public record LocationInfo(String id, String type, String target) {
    }

    @Type("LocationRegistration")
    public record Registration(LocationInfo location, List<Entity> entities) {
    }

    @Mutation("registerLocation")
    @Description("Registers a location (type url) in the catalog and returns it with the entities it emitted.")
    public Registration registerLocation(@NonNull @Name("target") String target, @Name("type") @DefaultValue("url") String type) {
        caller.identity();
        JsonNode body = downstream.write(Service.CATALOG, "POST", "/api/catalog/locations",
                Map.of("type", type, "target", target));
        JsonNode location = body.path("location");
        List<Entity> entities = new ArrayList<>();
        body.path("entities").forEach(e -> entities.add(BaseEntity.wrap(e)));
        return new Registration(new LocationInfo(location.path("id").asText(), location.path("type").asText(),
                location.path("target").asText()), entities);
    }

    @Mutation("unregisterLocation")
    @Description("Removes a location and the entities it emitted: only the one who registered it, or an admin.")
    public boolean unregisterLocation(@NonNull @Name("id") String id) {
        caller.identity();
        downstream.write(Service.CATALOG, "DELETE", "/api/catalog/locations/" + EntityApiSupport.enc(id), null);
        return true;
    }

    @Mutation("refreshEntity")
    @Description("Asks the catalog to read the entity's location again and stitch it.")
    public boolean refreshEntity(@NonNull @Name("ref") String ref) {
        caller.identity();
        String canonical = EntityLoader.canonical(ref);
        if (canonical == null) {
            throw new GatewayError.BadInput(EntityApiSupport.badRef(ref));
        }
        downstream.write(Service.CATALOG, "POST", "/api/catalog/refresh", Map.of("entityRef", canonical));
        return true;
    }

    @Mutation("createExemption")
    @Description("Exempts an entity from a check, with a justification and optional expiry: owners of the entity, or admins.")
    public EntityScorecard.Exemption createExemption(@NonNull @Name("entityRef") String entityRef,
                                                     @NonNull @Name("checkId") String checkId,
                                                     @NonNull @Name("justification") String justification,
                                                     @Name("expiresAt") String expiresAt) {
        caller.identity();
        String canonical = EntityLoader.canonical(entityRef);
        if (canonical == null) {
            throw new GatewayError.BadInput(EntityApiSupport.badRef(entityRef));
        }
        EntityScorecard.Exemption exemption = scorecards.createExemption(canonical, checkId, justification, expiresAt);
        // the service re-scored at once: the caller's next read shows it (the change event follows for everyone else)
        composition.scorecards().invalidate(canonical);
        return exemption;
    }

    @Mutation("removeExemption")
    @Description("Removes an exemption.")
    public boolean removeExemption(@NonNull @Name("id") String id) {
        caller.identity();
        scorecards.removeExemption(id);
        composition.scorecards().invalidateAll(); // which entity it exempted is not known here; removals are rare
        return true;
    }
}

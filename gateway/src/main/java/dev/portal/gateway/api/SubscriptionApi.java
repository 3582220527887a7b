package dev.portal.gateway.api;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Type;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.identity.CurrentCaller;
import dev.portal.gateway.GatewayError;
import dev.portal.gateway.catalog.EntityCache;
import dev.portal.gateway.catalog.EntityLoader;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

/** entityChanged over WebSocket (graphql-transport-ws on /graphql), fed by portal.entity.changes. */
@GraphQLApi
public class SubscriptionApi {

    private final EntityCache cache;
    private final CurrentCaller caller;

    public SubscriptionApi(EntityCache cache, CurrentCaller caller) {
        this.cache = cache;
        this.caller = caller;
    }

    public enum ChangeType { CHANGED, DELETED }

    @Type("EntityChange")
    public record EntityChange(ChangeType type, String ref, Entity entity) {
    }

    @Input("EntityChangeFilter")
    @Description("Which changes to receive: all given conditions must hold (kind and namespace case-insensitive)")
    public static class ChangeFilter {
        public List<String> kinds;
        public String namespace;
        @Description("Only entities owned by this group or user (ref)")
        public String owner;
        @Description("spec.type, e.g. service")
        public String type;
    }

    @Subscription("entityChanged")
    @Description("Changes of one entity (ref) or of the entities matching a filter, as the catalog publishes them.")
    public Multi<EntityChange> entityChanged(@Name("ref") String ref, @Name("filter") ChangeFilter filter) {
        caller.identity();
        String wanted = ref == null ? null : EntityLoader.canonical(ref);
        if (ref != null && wanted == null) {
            throw new GatewayError.BadInput(EntityApiSupport.badRef(ref));
        }
        // Deliver on the subscriber's Vert.x context: nested fields (owner, docs…) run blocking resolvers from there.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        Multi<EntityCache.Change> changes = cache.changes();
        if (context != null) {
            changes = changes.emitOn(task -> context.runOnContext(v -> task.run()));
        }
        return changes
                .filter(c -> wanted == null || wanted.equals(c.ref()))
                .filter(c -> matches(filter, c))
                .map(c -> new EntityChange(c.deleted() ? ChangeType.DELETED : ChangeType.CHANGED, c.ref(),
                        c.deleted() ? null : BaseEntity.wrap(c.entity())));
    }

    /**
     * Whether a change passes the filter (null = every change). A deletion is matched by the entity as last cached;
     * one the cache did not know passes no owner or type condition.
     */
    public static boolean matchesFilter(ChangeFilter filter, EntityCache.Change change) {
        return matches(filter, change);
    }

    static boolean matches(ChangeFilter filter, EntityCache.Change change) {
        if (filter == null) {
            return true;
        }
        String[] parts = change.ref().split("[:/]", 3);
        if (filter.kinds != null && !filter.kinds.isEmpty()
                && filter.kinds.stream().noneMatch(k -> k.toLowerCase(Locale.ROOT).equals(parts[0]))) {
            return false;
        }
        if (filter.namespace != null && !filter.namespace.toLowerCase(Locale.ROOT).equals(parts[1])) {
            return false;
        }
        JsonNode entity = change.entity();
        if (filter.type != null && (entity == null || !filter.type.equalsIgnoreCase(entity.path("spec").path("type").asText()))) {
            return false;
        }
        if (filter.owner != null) {
            if (entity == null) {
                return false;
            }
            String owner = EntityLoader.canonical(filter.owner.contains(":") ? filter.owner : "group:" + filter.owner);
            boolean owned = false;
            for (JsonNode r : entity.path("relations")) {
                owned |= "ownedBy".equals(r.path("type").asText()) && r.path("targetRef").asText().equals(owner);
            }
            return owned;
        }
        return true;
    }
}

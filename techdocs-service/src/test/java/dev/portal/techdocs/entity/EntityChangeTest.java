package dev.portal.techdocs.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;

/** What techdocs takes from a catalog change: docs annotation, location, owner, memberships, Users' emails. */
class EntityChangeTest {

    /** An entity as the catalog publishes it (this plain test builds its own, apart from the Quarkus tests' helpers). */
    static ObjectNode entity(String kind, String name, String owner, String techdocsRef, String location, long generation) {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1").put("kind", kind);
        ObjectNode metadata = entity.putObject("metadata");
        metadata.put("name", name).put("namespace", "default").put("generation", generation);
        ObjectNode annotations = metadata.putObject("annotations");
        if (techdocsRef != null) {
            annotations.put("backstage.io/techdocs-ref", techdocsRef);
        }
        if (location != null) {
            annotations.put("backstage.io/managed-by-location", location);
        }
        entity.putObject("spec").put("owner", owner);
        entity.putArray("relations").addObject().put("type", "ownedBy").put("targetRef", owner);
        return entity;
    }

    @Test
    void readsTechdocsRefLocationOwnerAndGeneration() {
        ObjectNode entity = entity("Component", "Shop", "group:default/web-team", "dir:.", "file:/srv/catalog-info.yaml", 7);
        EntityChange.Changed changed = EntityChange.changed(entity);
        assertEquals("component:default/shop", changed.entityRef());
        assertEquals("dir:.", changed.entity().techdocsRef());
        assertEquals("file:/srv/catalog-info.yaml", changed.entity().location());
        assertEquals("group:default/web-team", changed.entity().ownerRef());
        assertEquals(7, changed.entity().generation());
        assertNull(changed.memberships());
    }

    @Test
    void ownerFallsBackToSpecOwnerAsAGroupOfTheEntitysNamespace() {
        ObjectNode entity = entity("Component", "shop", "payments-team", null, null, 1);
        entity.remove("relations");
        EntityChange.Changed changed = EntityChange.changed(entity);
        assertEquals("group:default/payments-team", changed.entity().ownerRef());
        assertNull(changed.entity().techdocsRef());
    }

    @Test
    void usersAndGroupsCarryTheirMembershipsAndParents() {
        ObjectNode user = Json.mapper().createObjectNode();
        user.put("kind", "User").putObject("metadata").put("name", "dave");
        user.putObject("spec").putArray("memberOf").add("web-team");
        user.putArray("relations").addObject().put("type", "memberOf").put("targetRef", "group:default/Frontend");
        assertEquals(Set.of("group:default/web-team", "group:default/frontend"), EntityChange.changed(user).memberships());

        ObjectNode group = Json.mapper().createObjectNode();
        group.put("kind", "Group").putObject("metadata").put("name", "web-team");
        group.putObject("spec").put("parent", "engineering");
        assertEquals(Set.of("group:default/engineering"), EntityChange.changed(group).memberships());
    }

    @Test
    void usersCarryTheirEmailOtherKindsNone() {
        ObjectNode user = Json.mapper().createObjectNode();
        user.put("kind", "User").putObject("metadata").put("name", "dave");
        user.putObject("spec").putObject("profile").put("email", " Dave@Example.com ");
        EntityChange.Changed changed = EntityChange.changed(user);
        assertTrue(changed.isUser());
        assertEquals("Dave@Example.com", changed.email());

        ((ObjectNode) user.get("spec")).remove("profile");
        assertNull(EntityChange.changed(user).email(), "a User without an email is still a User");
        assertTrue(EntityChange.changed(user).isUser());

        ObjectNode group = Json.mapper().createObjectNode();
        group.put("kind", "Group").putObject("metadata").put("name", "web-team");
        group.putObject("spec").putObject("profile").put("email", "web@example.com");
        assertNull(EntityChange.changed(group).email());
        assertFalse(EntityChange.changed(group).isUser());
    }

    @Test
    void refusesEntitiesWithoutKindOrName() {
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.putObject("metadata").put("name", "x");
        assertThrows(InvalidEventException.class, () -> EntityChange.changed(entity));
    }
}

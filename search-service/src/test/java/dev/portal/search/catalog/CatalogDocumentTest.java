package dev.portal.search.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import dev.portal.search.TestEntities;

class CatalogDocumentTest {

    @Test
    void takesTheTitleFromMetadataTitleElseTheName() {
        ObjectNode entity = TestEntities.component("payments-api", "Takes payments", "payments-team");
        assertEquals("payments-api", CatalogDocument.of(entity).title());
        ((ObjectNode) entity.get("metadata")).put("title", "Payments API");
        assertEquals("Payments API", CatalogDocument.of(entity).title());
    }

    @Test
    void linksToTheEntityPageWithLowerCasedKindAndNamespace() {
        ObjectNode entity = TestEntities.component("Payments-API", null, "payments-team");
        ((ObjectNode) entity.get("metadata")).put("namespace", "Finance");
        CatalogDocument document = CatalogDocument.of(entity);
        assertEquals("/catalog/finance/component/Payments-API", document.location());
        assertEquals("component:finance/payments-api", document.entityRef());
    }

    @Test
    void takesTheOwnerFromTheOwnedByRelationElseFromSpecOwner() {
        ObjectNode entity = TestEntities.component("billing", null, "payments-team");
        assertEquals("group:default/payments-team", CatalogDocument.of(entity).owner());

        entity.remove("relations");
        ((ObjectNode) entity.get("spec")).put("owner", "user:alice");
        assertEquals("user:default/alice", CatalogDocument.of(entity).owner());
        ((ObjectNode) entity.get("spec")).put("owner", "web-team");
        assertEquals("group:default/web-team", CatalogDocument.of(entity).owner(), "a bare owner is a group");
        ((ObjectNode) entity.get("spec")).remove("owner");
        assertNull(CatalogDocument.of(entity).owner());
    }

    @Test
    void carriesSpecTypeLifecycleTagsAndGeneration() {
        ObjectNode entity = TestEntities.atGeneration(TestEntities.component("billing", null, "ops"), 9);
        ((ObjectNode) entity.get("metadata")).putArray("tags").add("java").add("").add("kafka");
        CatalogDocument document = CatalogDocument.of(entity);
        assertEquals("service", document.type());
        assertEquals("service", document.componentType(), "Backstage's collator field");
        assertEquals("production", document.lifecycle());
        assertEquals(List.of("java", "kafka"), document.tags());
        assertEquals(9, document.generation());
        assertEquals(entity.path("metadata").path("uid").asText(), document.uid());
        assertEquals("default", document.namespace());
    }

    @Test
    void addsTheDisplayNameOfUsersAndGroupsToTheText() throws Exception {
        ObjectNode user = (ObjectNode) Json.mapper().readTree("""
                {"kind":"User","metadata":{"name":"alice","generation":1,"description":"Platform lead"},
                 "spec":{"profile":{"displayName":"Alice Anderson"}}}""");
        assertEquals("Platform lead : Alice Anderson", CatalogDocument.of(user).text());
        ((ObjectNode) user.get("metadata")).remove("description");
        assertEquals("Alice Anderson", CatalogDocument.of(user).text());
    }

    @Test
    void refusesAnEntityWithoutKindNameOrGeneration() throws Exception {
        for (String json : List.of("{\"metadata\":{\"name\":\"x\",\"generation\":1}}",
                "{\"kind\":\"Component\",\"metadata\":{\"generation\":1}}",
                "{\"kind\":\"Component\",\"metadata\":{\"name\":\"x\"}}",
                "{\"kind\":\"Component\",\"metadata\":{\"name\":\"a/b\",\"generation\":1}}",
                "[1,2]")) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> CatalogDocument.of(Json.mapper().readTree(json)), json);
            assertTrue(e.getMessage().startsWith("The entity"), e.getMessage());
        }
    }
}

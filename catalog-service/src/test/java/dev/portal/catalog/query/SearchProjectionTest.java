package dev.portal.catalog.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.portal.catalog.CatalogInputException;
import dev.portal.events.Json;

/** The flattened leaves Backstage's filters match on (reference §1.5). */
class SearchProjectionTest {

    private static SearchProjection.Leaves leaves(String json) {
        return SearchProjection.of(Json.tree(json.getBytes()));
    }

    @Test
    void flattensNestedFieldsLowerCasedWithExistenceKeys() {
        Set<String> keys = Set.of(leaves("""
                {"apiVersion":"backstage.io/v1alpha1","kind":"Component",
                 "metadata":{"name":"Payments","uid":"u-1","etag":"e","annotations":{"Team.io/Slack":"#Pay"}},
                 "spec":{"type":"service","owner":"Team-A"}}""").searchKeys());
        assertTrue(keys.containsAll(List.of("kind=component", "kind", "metadata.name=payments",
                "metadata.namespace=default", "metadata.uid=u-1", "metadata.annotations.team.io/slack=#pay",
                "spec.owner=team-a", "spec.type", "apiversion=backstage.io/v1alpha1")), keys.toString());
        assertFalse(keys.contains("metadata.etag=e"), "etag is not searchable");
    }

    @Test
    void givesEveryArrayItemAndAMembershipKeyForStrings() {
        Set<String> keys = Set.of(leaves("{\"kind\":\"c\",\"metadata\":{\"name\":\"n\",\"tags\":[\"Java\",\"pci\"]}}").searchKeys());
        assertTrue(keys.containsAll(List.of("metadata.tags=java", "metadata.tags=pci", "metadata.tags.java=true",
                "metadata.tags.java")), keys.toString());
    }

    @Test
    void indexesRelationsByTypeAndKeepsOriginalCaseForFacets() {
        SearchProjection.Leaves leaves = leaves("""
                {"kind":"Component","metadata":{"name":"n"},"spec":{"type":"Service"},
                 "relations":[{"type":"ownedBy","targetRef":"group:default/team-a"}],"status":{"items":[]}}""");
        assertTrue(Set.of(leaves.searchKeys()).contains("relations.ownedby=group:default/team-a"));
        assertTrue(Set.of(leaves.facetValues()).contains("spec.type=Service"));
        assertFalse(Set.of(leaves.searchKeys()).stream().anyMatch(k -> k.startsWith("status")));
    }

    @Test
    void dropsValuesLongerThan200CharactersButKeepsTheirKey() {
        Set<String> keys = Set.of(leaves("{\"kind\":\"c\",\"metadata\":{\"name\":\"n\",\"description\":\""
                + "x".repeat(201) + "\"}}").searchKeys());
        assertTrue(keys.contains("metadata.description"));
        assertFalse(keys.stream().anyMatch(k -> k.startsWith("metadata.description=")));
    }

    @Test
    void rejectsKeysThatDifferOnlyInCase() {
        CatalogInputException e = assertThrows(CatalogInputException.class,
                () -> leaves("{\"kind\":\"c\",\"metadata\":{\"name\":\"n\",\"labels\":{\"a\":\"1\",\"A\":\"2\"}}}"));
        assertTrue(e.getMessage().startsWith("Entity has duplicate keys that vary only in casing"), e.getMessage());
    }

    @Test
    void defaultsTheNamespace() {
        assertEquals(1, Set.of(leaves("{\"kind\":\"c\",\"metadata\":{\"name\":\"n\"}}").searchKeys()).stream()
                .filter(k -> k.equals("metadata.namespace=default")).count());
    }
}

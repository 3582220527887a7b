package dev.portal.scorecard.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.portal.events.Json;

/** What checks see of an owner: everything but what the catalog changes as the owner comes to own more. */
class OwnerViewTest {

    private static JsonNode team(String etag, long generation, String... owned) {
        StringBuilder relations = new StringBuilder("{\"type\":\"hasMember\",\"targetRef\":\"user:default/ann\"}");
        for (String ref : owned) {
            relations.append(",{\"type\":\"ownerOf\",\"targetRef\":\"").append(ref).append("\"}");
        }
        return Json.tree(("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"t\","
                + "\"uid\":\"u1\",\"etag\":\"" + etag + "\",\"generation\":" + generation + ",\"labels\":{\"tier\":\"1\"}},"
                + "\"spec\":{\"type\":\"team\"},\"relations\":[" + relations + "]}").getBytes());
    }

    @Test
    void leavesOutOwnedEntitiesEtagAndGeneration() {
        JsonNode view = OwnerView.of(team("e1", 3, "component:default/a", "component:default/b"));
        assertEquals(1, view.get("relations").size());
        assertEquals("hasMember", view.at("/relations/0/type").asText());
        assertFalse(view.get("metadata").has("etag"));
        assertFalse(view.get("metadata").has("generation"));
        assertEquals("1", view.at("/metadata/labels/tier").asText());
        assertEquals("u1", view.at("/metadata/uid").asText());
        assertEquals("team", view.at("/spec/type").asText());
    }

    @Test
    void aTeamOwningOneMoreIsTheSameViewAndTheOriginalIsUntouched() {
        JsonNode before = team("e1", 3, "component:default/a");
        JsonNode after = team("e2", 4, "component:default/a", "component:default/b");
        assertEquals(OwnerView.of(before), OwnerView.of(after));
        assertEquals(3, after.get("relations").size()); // its member and both owned entities, as published
        assertTrue(after.get("metadata").has("etag"));
    }

    @Test
    void aMemberJoiningIsAnotherView() {
        JsonNode joined = team("e2", 4);
        ((ArrayNode) joined.get("relations")).addObject()
                .put("type", "hasMember").put("targetRef", "user:default/ben");
        assertFalse(OwnerView.of(team("e1", 3)).equals(OwnerView.of(joined)));
    }
}

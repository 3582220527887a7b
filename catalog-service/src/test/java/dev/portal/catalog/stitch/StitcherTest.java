package dev.portal.catalog.stitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.relation.Relation;
import dev.portal.events.Json;

/** The served form and its etag, which follows every input the served form is made of — and nothing else. */
class StitcherTest {

    private static final byte[] RAW = """
            {"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"svc","annotations":{"a":"b"}},
             "spec":{"type":"service","lifecycle":"production","owner":"team-a"}}""".getBytes(StandardCharsets.UTF_8);
    private static final String UID = "4b1d6a0e-2c0f-4b8e-9d8e-1f2a3b4c5d6e";
    private static final List<Relation> OWNED_BY = List.of(new Relation("component:default/svc", "ownedBy", "group:default/team-a"));
    private static final String ERRORS = "[{\"type\":\"backstage.io/catalog-processing\",\"level\":\"error\",\"message\":\"bad\"}]";

    @Test
    void theServedFormHasTheDefaultsTheUidTheRelationsAndTheStatus() {
        ObjectNode entity = Stitcher.build(RAW, UID, OWNED_BY, Json.tree(ERRORS.getBytes(StandardCharsets.UTF_8)), true);
        Stitcher.stamp(entity, "etag-1", 3);

        JsonNode metadata = entity.get("metadata");
        assertEquals("default", metadata.path("namespace").asText());
        assertEquals(UID, metadata.path("uid").asText());
        assertEquals("true", metadata.at("/annotations/" + Stitcher.ORPHAN_ANNOTATION.replace("/", "~1")).asText());
        assertEquals("b", metadata.at("/annotations/a").asText(), "the entity's own annotations stay");
        assertEquals("etag-1", metadata.path("etag").asText());
        assertEquals(3, metadata.path("generation").asLong());
        // targetRef and, as Backstage serves by default (no catalog.disableRelationsCompatibility), the legacy target
        assertEquals("[{\"type\":\"ownedBy\",\"targetRef\":\"group:default/team-a\","
                + "\"target\":{\"kind\":\"group\",\"namespace\":\"default\",\"name\":\"team-a\"}}]",
                entity.get("relations").toString());
        assertEquals("bad", entity.at("/status/items/0/message").asText());

        ObjectNode plain = Stitcher.build(RAW, UID, List.of(), null, false);
        assertEquals("[]", plain.get("relations").toString());
        assertFalse(plain.has("status"));
        assertFalse(plain.at("/metadata/annotations").has(Stitcher.ORPHAN_ANNOTATION));
    }

    /** As Backstage's stitcher: a script URL in view-url or edit-url is served as a harmless one; others stay. */
    @Test
    void scriptUrlsInTheViewAndEditUrlsAreReplaced() {
        for (String script : List.of("javascript:alert(1)", "  JavaScript:alert(1)", "\u0001java\tscript:x()", "jav\nascript:x")) {
            byte[] raw = Json.toBytes(Json.mapper().createObjectNode().put("kind", "Component").set("metadata",
                    Json.mapper().createObjectNode().put("name", "svc").set("annotations", Json.mapper().createObjectNode()
                            .put("backstage.io/view-url", script).put("backstage.io/edit-url", script)
                            .put("backstage.io/source-location", "url:" + script))));
            JsonNode annotations = Stitcher.build(raw, UID, List.of(), null, false).at("/metadata/annotations");
            assertEquals(Stitcher.REJECTED_URL, annotations.path("backstage.io/view-url").asText(), script);
            assertEquals(Stitcher.REJECTED_URL, annotations.path("backstage.io/edit-url").asText(), script);
            assertEquals("url:" + script, annotations.path("backstage.io/source-location").asText(), "only those two");
        }
        byte[] safe = ("{\"kind\":\"Component\",\"metadata\":{\"name\":\"svc\",\"annotations\":{\"backstage.io/view-url\":"
                + "\"https://example.com/javascript:x\"}}}").getBytes(StandardCharsets.UTF_8);
        assertEquals("https://example.com/javascript:x", Stitcher.build(safe, UID, List.of(), null, false)
                .at("/metadata/annotations").path("backstage.io/view-url").asText());
    }

    @Test
    void theEtagIsTheSameForTheSameInputs() {
        assertEquals(Stitcher.etag(RAW, UID, OWNED_BY, ERRORS, false), Stitcher.etag(RAW.clone(), UID, List.copyOf(OWNED_BY), ERRORS, false));
        assertEquals(27, Stitcher.etag(RAW, UID, OWNED_BY, null, false).length());
    }

    @Test
    void theEtagChangesWithEachInput() {
        byte[] otherRaw = new String(RAW, StandardCharsets.UTF_8).replace("production", "experimental").getBytes(StandardCharsets.UTF_8);
        List<Relation> more = Stream.concat(OWNED_BY.stream(),
                Stream.of(new Relation("component:default/svc", "dependsOn", "resource:default/db"))).toList();
        Set<String> etags = Stream.of(
                Stitcher.etag(RAW, UID, OWNED_BY, null, false),
                Stitcher.etag(otherRaw, UID, OWNED_BY, null, false),
                Stitcher.etag(RAW, "0b1d6a0e-2c0f-4b8e-9d8e-1f2a3b4c5d6e", OWNED_BY, null, false),
                Stitcher.etag(RAW, UID, List.of(), null, false),
                Stitcher.etag(RAW, UID, more, null, false),
                Stitcher.etag(RAW, UID, List.of(new Relation("component:default/svc", "ownerOf", "group:default/team-a")), null, false),
                Stitcher.etag(RAW, UID, List.of(new Relation("component:default/svc", "ownedBy", "group:default/team-b")), null, false),
                Stitcher.etag(RAW, UID, OWNED_BY, ERRORS, false),
                Stitcher.etag(RAW, UID, OWNED_BY, null, true)).collect(Collectors.toSet());
        assertEquals(9, etags.size(), "every input changes the etag: " + etags);
    }

    @Test
    void relationsInAnotherOrderAreAnotherServedFormAndSoAnotherEtag() {
        Relation a = new Relation("component:default/svc", "ownedBy", "group:default/a");
        Relation b = new Relation("component:default/svc", "dependsOn", "resource:default/b");
        assertNotEquals(Stitcher.build(RAW, UID, List.of(a, b), null, false), Stitcher.build(RAW, UID, List.of(b, a), null, false));
        assertNotEquals(Stitcher.etag(RAW, UID, List.of(a, b), null, false), Stitcher.etag(RAW, UID, List.of(b, a), null, false));
    }
}

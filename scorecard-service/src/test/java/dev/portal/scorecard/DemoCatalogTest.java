package dev.portal.scorecard;

import static dev.portal.scorecard.ScorecardTestSupport.asAlice;
import static dev.portal.scorecard.ScorecardTestSupport.await;
import static dev.portal.scorecard.ScorecardTestSupport.publishEntity;
import static dev.portal.scorecard.ScorecardTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStackResource;
import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsPage;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The demo catalog (deploy/demo) scored by the starter scorecard: its entities, stitched the way the catalog does
 * for the relations checks read (ownedBy, partOf, hasMember, childOf; $text definitions resolved), and docs built for
 * the entities with a techdocs-ref. Some components reach Gold, others fall short, and no check errors.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "scorecard") })
class DemoCatalogTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    KafkaTopicsConfig topics;

    @Test
    void scoresTheDemoCatalogWithSomeComponentsAtGoldAndSomeFailing() throws Exception {
        Map<String, ObjectNode> entities = load(Path.of("../deploy/demo"));
        stitch(entities);
        for (ObjectNode entity : entities.values()) {
            publishEntity(bootstrap, topics.entityChanges(), entity);
        }
        List<String> scored = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : entities.entrySet()) {
            String kind = e.getValue().get("kind").asText();
            if (kind.equals("Component") || kind.equals("API")) {
                scored.add(e.getKey());
            }
            if (e.getValue().path("metadata").path("annotations").has("backstage.io/techdocs-ref")) {
                send(bootstrap, topics.techdocsChanges(), e.getKey(), EventType.TECHDOCS_BUILT, new TechDocsBuilt(e.getKey(),
                        "docs", null, Instant.now(), "etag", List.of(new TechDocsPage("", "Home", List.of(), "Hello")), List.of()));
            }
        }
        String body = Json.mapper().createObjectNode().set("entityRefs", Json.mapper().valueToTree(scored)).toString();
        await("every demo component and API scored", () -> asAlice().contentType("application/json").body(body)
                .when().post("/api/scorecards/entities/by-refs").then().extract().jsonPath()
                .getList("items.findAll { it.scorecards.size() == 1 }").size(), scored.size());
        await("docs applied", () -> asAlice().when().get("/api/scorecards/production-readiness/summary").then().extract()
                .jsonPath().getInt("checks.find { it.id == 'techdocs-built' }.pass") > 0, true);
        JsonPath all = asAlice().contentType("application/json").body(body).when().post("/api/scorecards/entities/by-refs")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Integer> levels = new TreeMap<>();
        for (Object level : all.getList("items.collect { it.scorecards[0].level }")) {
            levels.merge(String.valueOf(level), 1, Integer::sum);
        }
        System.out.println("demo catalog levels: " + levels);
        assertTrue(levels.getOrDefault("Gold", 0) >= 1, levels.toString());
        assertTrue(levels.getOrDefault("Gold", 0) < scored.size(), levels.toString());
        assertEquals(scored.size(), levels.values().stream().mapToInt(Integer::intValue).sum());
        List<Object> errors = all.getList("items.collect { it.scorecards[0].checks }.flatten().findAll { it.status == 'error' }");
        assertEquals(List.of(), errors);
    }

    private static Map<String, ObjectNode> load(Path root) throws Exception {
        Map<String, ObjectNode> entities = new LinkedHashMap<>();
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(p -> p.getFileName().toString().equals("catalog-info.yaml")
                    || p.getParent().getFileName().toString().equals("org")).sorted().toList();
        }
        for (Path file : files) {
            for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
                if (!(doc instanceof Map<?, ?>)) {
                    continue;
                }
                ObjectNode entity = Json.mapper().valueToTree(doc);
                String kind = entity.path("kind").asText();
                if (kind.equals("Location") || kind.equals("Template")) {
                    continue;
                }
                JsonNode definition = entity.path("spec").path("definition");
                if (definition.has("$text")) {
                    ((ObjectNode) entity.get("spec")).put("definition",
                            Files.readString(file.getParent().resolve(definition.get("$text").asText())));
                }
                ObjectNode metadata = (ObjectNode) entity.get("metadata");
                metadata.put("namespace", metadata.path("namespace").asText("default"));
                metadata.put("generation", 1);
                entity.putArray("relations");
                entities.put(EntityRef.of(kind, metadata.get("namespace").asText(), metadata.get("name").asText()).canonical(),
                        entity);
            }
        }
        return entities;
    }

    /** The relations the starter checks read, as the catalog's RelationGenerator makes them. */
    private static void stitch(Map<String, ObjectNode> entities) {
        for (Map.Entry<String, ObjectNode> e : entities.entrySet()) {
            JsonNode spec = e.getValue().path("spec");
            String namespace = e.getValue().path("metadata").path("namespace").asText();
            if (spec.hasNonNull("owner")) {
                relate(entities, e.getKey(), "ownedBy", ref(spec.get("owner").asText(), "group", namespace), "ownerOf");
            }
            if (spec.hasNonNull("system")) {
                relate(entities, e.getKey(), "partOf", ref(spec.get("system").asText(), "system", namespace), "hasPart");
            }
            if (spec.hasNonNull("domain")) {
                relate(entities, e.getKey(), "partOf", ref(spec.get("domain").asText(), "domain", namespace), "hasPart");
            }
            for (JsonNode group : spec.path("memberOf")) {
                relate(entities, e.getKey(), "memberOf", ref(group.asText(), "group", namespace), "hasMember");
            }
            for (JsonNode child : spec.path("children")) {
                relate(entities, ref(child.asText(), "group", namespace), "childOf", e.getKey(), "parentOf");
            }
        }
    }

    private static void relate(Map<String, ObjectNode> entities, String source, String type, String target, String reverse) {
        add(entities.get(source), type, target);
        add(entities.get(target), reverse, source);
    }

    private static void add(ObjectNode entity, String type, String target) {
        if (entity == null) {
            return;
        }
        ArrayNode relations = (ArrayNode) entity.get("relations");
        for (JsonNode r : relations) {
            if (r.get("type").asText().equals(type) && r.get("targetRef").asText().equals(target)) {
                return;
            }
        }
        relations.addObject().put("type", type).put("targetRef", target);
    }

    private static String ref(String ref, String kind, String namespace) {
        return EntityRef.parse(ref.toLowerCase(Locale.ROOT), kind, namespace).canonical();
    }

    static {
        KafkaCloudEvents.class.getName(); // keep the import used (records go through ScorecardTestSupport)
    }
}

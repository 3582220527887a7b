package dev.portal.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.portal.benchmarks.SyntheticOrganisation.Kind;
import dev.portal.events.EntityRef;

/** The generator only: sizes, determinism, Backstage validity and that every relation points at a generated entity. */
class SyntheticOrganisationTest {

    // Backstage's rules as the brief states them, stricter than the catalog's (which also allows '_' and '.').
    private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
    private static final Pattern TAG = Pattern.compile("^[a-z0-9+#]+(-[a-z0-9+#]+)*$");
    /** Spec fields holding refs, with the kind a ref without one defaults to (null: kind required). */
    private static final Map<String, String> REF_FIELDS = Map.ofEntries(Map.entry("owner", "group"),
            Map.entry("system", "system"), Map.entry("domain", "domain"), Map.entry("subdomainOf", "domain"),
            Map.entry("subcomponentOf", "component"), Map.entry("providesApis", "api"),
            Map.entry("consumesApis", "api"), Map.entry("memberOf", "group"), Map.entry("parent", "group"),
            Map.entry("children", "group"));

    private static final int SIZE = 20_000;
    private static SyntheticOrganisation org;
    private static List<JsonNode> entities;
    private static Map<String, JsonNode> byRef;

    @BeforeAll
    static void generate() {
        org = new SyntheticOrganisation(42, SIZE);
        entities = new ArrayList<>();
        byRef = new HashMap<>();
        for (int i = 0; i < SIZE; i++) {
            JsonNode entity = org.entityAt(i);
            entities.add(entity);
            byRef.put(ref(entity), entity);
        }
    }

    @Test
    void countsAddUpToTheSizeWithEveryKindPresent() {
        for (int size : new int[] {7, 8, 100, 999, 10_000, 100_000}) {
            SyntheticOrganisation o = new SyntheticOrganisation(1, size);
            int sum = 0;
            for (Kind kind : Kind.values()) {
                assertTrue(o.count(kind) >= 1, kind + " missing at size " + size);
                sum += o.count(kind);
            }
            assertEquals(size, sum, "size " + size);
        }
        SyntheticOrganisation hundredK = new SyntheticOrganisation(42, 100_000);
        assertEquals(2_000, hundredK.count(Kind.GROUP));
        assertEquals(18_000, hundredK.count(Kind.USER));
        assertEquals(51_700, hundredK.count(Kind.COMPONENT));
        assertEquals(25_850, hundredK.componentsOfType("service"));
    }

    @Test
    void everyEntityIsDistinctAndItsRefMatches() {
        assertEquals(SIZE, byRef.size(), "duplicate refs");
        for (int i = 0; i < SIZE; i += 97) {
            assertEquals(org.refAt(i).canonical(), ref(entities.get(i)));
        }
        Map<Kind, Integer> seen = new HashMap<>();
        for (int i = 0; i < SIZE; i++) {
            seen.merge(org.kindAt(i), 1, Integer::sum);
        }
        for (Kind kind : Kind.values()) {
            assertEquals(org.count(kind), seen.get(kind), kind.name());
        }
    }

    @Test
    void theSameSeedGivesTheSameOrganisationAndAnotherSeedAnother() {
        SyntheticOrganisation again = new SyntheticOrganisation(42, SIZE);
        for (int i = 0; i < SIZE; i++) {
            assertEquals(entities.get(i), again.entityAt(i), "entity " + i);
        }
        SyntheticOrganisation other = new SyntheticOrganisation(43, SIZE);
        int differing = 0;
        for (int i = 0; i < SIZE; i += 10) {
            differing += entities.get(i).equals(other.entityAt(i)) ? 0 : 1;
        }
        assertTrue(differing > SIZE / 20, "only " + differing + " of " + SIZE / 10 + " entities differ");
    }

    @Test
    void entitiesFollowBackstageRules() {
        for (JsonNode entity : entities) {
            String ref = ref(entity);
            String name = entity.path("metadata").path("name").asText();
            assertTrue(name.length() <= 63 && NAME.matcher(name).matches(), "name of " + ref);
            for (JsonNode tag : entity.path("metadata").path("tags")) {
                assertTrue(tag.asText().length() <= 63 && TAG.matcher(tag.asText()).matches(), "tag " + tag + " of " + ref);
            }
            JsonNode spec = entity.path("spec");
            switch (entity.path("kind").asText()) {
                case "Component" -> requireStrings(ref, spec, "type", "lifecycle", "owner");
                case "API" -> requireStrings(ref, spec, "type", "lifecycle", "owner", "definition");
                case "Resource" -> requireStrings(ref, spec, "type", "owner");
                case "System", "Domain" -> requireStrings(ref, spec, "owner");
                case "Group" -> {
                    requireStrings(ref, spec, "type");
                    assertTrue(spec.path("children").isArray(), ref + " spec.children");
                }
                case "User" -> assertTrue(spec.path("memberOf").isArray(), ref + " spec.memberOf");
                default -> fail("unexpected kind in " + ref);
            }
        }
    }

    @Test
    void everyRelationPointsAtAGeneratedEntity() {
        int relations = 0;
        for (JsonNode entity : entities) {
            JsonNode spec = entity.path("spec");
            for (Map.Entry<String, String> field : REF_FIELDS.entrySet()) {
                for (String target : refsIn(spec.path(field.getKey()))) {
                    String resolved = EntityRef.parse(target, field.getValue(), "default").canonical();
                    assertTrue(byRef.containsKey(resolved), ref(entity) + " " + field.getKey() + " -> " + resolved);
                    relations++;
                }
            }
            for (String target : refsIn(spec.path("dependsOn"))) {
                assertTrue(byRef.containsKey(EntityRef.parse(target).canonical()), ref(entity) + " dependsOn " + target);
                relations++;
            }
        }
        assertTrue(relations > 5 * SIZE / 2, "only " + relations + " relations");
    }

    @Test
    void bothSidesOfTwoWayFieldsAgree() {
        // Every API is listed by exactly one providing component, and a group's parent lists it as a child.
        Map<String, Integer> providers = new HashMap<>();
        Set<String> teamsWithMembers = new HashSet<>();
        for (JsonNode entity : entities) {
            for (String api : refsIn(entity.path("spec").path("providesApis"))) {
                providers.merge(EntityRef.parse(api, "api", "default").canonical(), 1, Integer::sum);
            }
            for (String group : refsIn(entity.path("spec").path("memberOf"))) {
                teamsWithMembers.add(group);
            }
            if (entity.path("kind").asText().equals("Group") && entity.path("spec").has("parent")) {
                JsonNode parent = byRef.get(EntityRef.parse(entity.path("spec").path("parent").asText()).canonical());
                assertTrue(refsIn(parent.path("spec").path("children")).contains("group:default/"
                        + entity.path("metadata").path("name").asText()), ref(entity) + " missing from its parent");
            }
        }
        assertEquals(org.count(Kind.API), providers.size());
        assertTrue(providers.values().stream().allMatch(n -> n == 1));
        assertEquals(org.teamCount(), teamsWithMembers.size(), "every team has members");
    }

    private static void requireStrings(String ref, JsonNode spec, String... fields) {
        for (String field : fields) {
            assertTrue(spec.path(field).isTextual() && !spec.path(field).asText().isEmpty(), ref + " spec." + field);
        }
    }

    private static List<String> refsIn(JsonNode value) {
        List<String> refs = new ArrayList<>();
        if (value.isTextual()) {
            refs.add(value.asText());
        }
        value.forEach(v -> refs.add(v.asText()));
        return refs;
    }

    private static String ref(JsonNode entity) {
        return EntityRef.of(entity.path("kind").asText(), entity.path("metadata").path("namespace").asText(),
                entity.path("metadata").path("name").asText()).canonical();
    }

    @Test
    void differentSeedsDoNotChangeTheShape() {
        assertNotEquals(org.entityAt(SIZE - 1), new SyntheticOrganisation(7, SIZE).entityAt(SIZE - 1));
        assertEquals(org.count(Kind.COMPONENT), new SyntheticOrganisation(7, SIZE).count(Kind.COMPONENT));
    }
}

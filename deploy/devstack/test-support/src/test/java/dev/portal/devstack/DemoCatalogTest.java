package dev.portal.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The demo organisation of deploy/demo parses as YAML and hangs together from its root Location. */
class DemoCatalogTest {

    private static final Path DEMO = PortalStack.portalScript().getParent().resolve("deploy/demo");

    @Test
    void everyYamlFileParses() throws IOException {
        try (Stream<Path> files = Files.walk(DEMO)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList();
            assertTrue(yaml.size() > 10, "expected the demo's YAML files, found " + yaml);
            for (Path file : yaml) {
                for (Object document : load(file)) {
                    assertInstanceOf(Map.class, document, file + " holds a document that is not a mapping");
                }
            }
        }
    }

    @Test
    void rootLocationReachesAnOrganisationOfFortyToSixtyEntities() throws IOException {
        List<Map<?, ?>> entities = new ArrayList<>();
        collect(DEMO.resolve("catalog-info.yaml"), entities, new HashSet<>());

        Set<String> kinds = new HashSet<>();
        for (Map<?, ?> entity : entities) {
            assertTrue(entity.containsKey("apiVersion") && entity.containsKey("kind") && entity.get("metadata") instanceof Map,
                    "not an entity: " + entity);
            kinds.add(String.valueOf(entity.get("kind")));
        }
        assertTrue(entities.size() >= 40 && entities.size() <= 60, "entities: " + entities.size());
        assertTrue(kinds.containsAll(List.of("Group", "User", "Domain", "System", "Component", "API", "Resource", "Location")),
                "kinds: " + kinds);
        assertEquals(Set.of("alice", "bob", "carol"), Set.copyOf(names(entities, "User").stream()
                .filter(n -> Set.of("alice", "bob", "carol").contains(n)).toList()));
        assertTrue(names(entities, "Group").containsAll(List.of("engineering", "platform-team", "payments-team", "web-team")));
    }

    /** Follows Location targets (relative to the file that names them), as the catalog's ingestion will. */
    private static void collect(Path file, List<Map<?, ?>> entities, Set<Path> seen) throws IOException {
        assertTrue(Files.isRegularFile(file), "a Location target does not exist: " + file);
        if (!seen.add(file.normalize())) {
            return;
        }
        for (Object document : load(file)) {
            Map<?, ?> entity = (Map<?, ?>) document;
            entities.add(entity);
            if ("Location".equals(entity.get("kind")) && entity.get("spec") instanceof Map<?, ?> spec) {
                List<Object> targets = new ArrayList<>();
                if (spec.get("target") != null) {
                    targets.add(spec.get("target"));
                }
                if (spec.get("targets") instanceof List<?> list) {
                    targets.addAll(list);
                }
                for (Object target : targets) {
                    collect(file.getParent().resolve(String.valueOf(target)).normalize(), entities, seen);
                }
            }
        }
    }

    private static List<String> names(List<Map<?, ?>> entities, String kind) {
        return entities.stream().filter(e -> kind.equals(e.get("kind")))
                .map(e -> String.valueOf(((Map<?, ?>) e.get("metadata")).get("name"))).toList();
    }

    private static List<Object> load(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().setLabel(file.toString()).build())
                .loadAllFromString(Files.readString(file)).forEach(documents::add);
        return documents;
    }
}

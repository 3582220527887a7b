package dev.portal.catalog.entity.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Every entity of the demo catalog under deploy/demo, as the catalog would read it, is valid. */
class EntityValidatorDemoCatalogTest {

    private final EntityValidator validator = new EntityValidator();

    @Test
    void acceptsEveryEntityOfTheDemoCatalog() throws IOException {
        Path demo = demoDir();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(demo)) {
            files = walk.filter(p -> isCatalogFile(demo.relativize(p))).sorted().toList();
        }

        List<String> failures = new ArrayList<>();
        Set<String> kinds = new TreeSet<>();
        int count = 0;
        for (Path file : files) {
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
                if (document == null) {
                    continue;
                }
                JsonNode entity = resolvePlaceholders(TestEntities.MAPPER.valueToTree(document), file.getParent());
                count++;
                kinds.add(entity.path("kind").asText());
                List<ValidationProblem> problems = validator.validate(entity);
                if (!problems.isEmpty()) {
                    failures.add(demo.relativize(file) + " " + entity.path("metadata").path("name").asText()
                            + ": " + problems);
                }
            }
        }

        assertEquals(List.of(), failures);
        assertTrue(count >= 20, "expected the demo catalog to hold at least 20 entities, found " + count);
        assertTrue(kinds.containsAll(List.of("API", "Component", "Domain", "Group", "Location", "Resource", "System",
                "Template", "User")), "kinds found: " + kinds);
    }

    @Test
    void anUnresolvedTextPlaceholderIsNotAValidApiDefinition() {
        ObjectNode api = TestEntities.valid("API");
        TestEntities.spec(api).putObject("definition").put("$text", "./openapi/payments-api.yaml");
        assertEquals(List.of(new ValidationProblem("spec.definition", "/spec/definition must be string - type: string")),
                validator.validate(api));
    }

    private static boolean isCatalogFile(Path relative) {
        String name = relative.getFileName().toString();
        String top = relative.getName(0).toString();
        return name.equals("catalog-info.yaml")
                || (relative.getNameCount() == 2 && (top.equals("org") || top.equals("domains")) && name.endsWith(".yaml"))
                || (top.equals("templates") && name.equals("template.yaml"));
    }

    private static Path demoDir() {
        Path base = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            Path candidate = p.resolve("deploy/demo");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/demo not found above " + base);
    }

    /** Backstage's placeholder processor: {@code {$text: <relative path>}} becomes the file's text. */
    private static JsonNode resolvePlaceholders(JsonNode node, Path dir) throws IOException {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.size() == 1 && object.has("$text")) {
                return TextNode.valueOf(Files.readString(dir.resolve(object.get("$text").asText())));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(resolvePlaceholders(field.getValue(), dir));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, resolvePlaceholders(node.get(i), dir));
            }
        }
        return node;
    }
}

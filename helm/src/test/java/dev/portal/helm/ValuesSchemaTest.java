package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** values.schema.json rejects mistakes with a message naming the value, before anything reaches a cluster. */
class ValuesSchemaTest {

    @Test
    void rejectsAWrongValueTypeNamingTheValueAndTheExpectedType() {
        Throwable failure = catchThrowable(() -> RenderedChart.render(t -> t.set("catalog.replicaCount", "two")));

        assertThat(failure).hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("at '/catalog/replicaCount': got string, want integer");
    }

    @Test
    void rejectsAnUnknownValue() {
        Throwable failure = catchThrowable(() -> RenderedChart.render(t -> t.set("gateway.replicas", "3")));

        assertThat(failure).hasMessageContaining("at '/gateway'").hasMessageContaining("'replicas' not allowed");
    }

    @Test
    void rejectsAValueOutsideItsAllowedSet() {
        Throwable failure = catchThrowable(() -> RenderedChart.render(t -> t.set("kafka.securityProtocol", "TLS")));

        assertThat(failure).hasMessageContaining("at '/kafka/securityProtocol': value must be one of 'PLAINTEXT'");
    }

    @Test
    void requiresASecretForSaslWithAClearMessage() {
        Throwable failure = catchThrowable(() -> RenderedChart.render(t -> t
                .set("kafka.securityProtocol", "SASL_SSL").set("kafka.sasl.username", "portal")));

        assertThat(failure).hasMessageContaining("kafka.sasl.existingSecret is required");
    }

    @Test
    void everyDocumentedValueIsInTheReadmeTable() throws Exception {
        List<String> documented = documentedKeys(Files.readAllLines(RenderedChart.chart().resolve("values.yaml")));
        String readme = Files.readString(RenderedChart.chart().resolve("README.md"));

        assertThat(documented).hasSizeGreaterThan(60)
                .allSatisfy(key -> assertThat(readme).as("README.md documents %s", key).contains("| `" + key + "` |"));
    }

    @Test
    void everyValueIsDocumentedByItsOwnOrAParentsComment() throws Exception {
        var lines = Files.readAllLines(RenderedChart.chart().resolve("values.yaml"));
        List<String> documented = documentedKeys(lines);
        Map<?, ?> values = new KubernetesSerialization().unmarshal(String.join("\n", lines), Map.class);

        List<String> leaves = new ArrayList<>();
        collectLeaves(values, "", leaves);

        assertThat(leaves).hasSizeGreaterThan(100).allSatisfy(leaf -> assertThat(documented)
                .as("a \"# --\" comment on %s or a parent", leaf)
                .anyMatch(key -> leaf.equals(key) || leaf.startsWith(key + ".")));
    }

    @Test
    void everySchemaPropertyHasADescriptionAndObjectsRejectUnknownKeys() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(RenderedChart.chart().resolve("values.schema.json").toFile());
        List<String> problems = new ArrayList<>();

        checkSchema(schema, "", problems);

        assertThat(problems).isEmpty();
    }

    // Every value of values.yaml is also known to the schema: it forbids unknown keys, and helm validates the
    // defaults against it on every render (see ChartLintTest).

    private static void collectLeaves(Map<?, ?> map, String prefix, List<String> leaves) {
        map.forEach((k, v) -> {
            String path = prefix + k;
            if (v instanceof Map<?, ?> child && !child.isEmpty()) {
                collectLeaves(child, path + ".", leaves);
            } else {
                leaves.add(path);
            }
        });
    }

    private static void checkSchema(JsonNode node, String path, List<String> problems) {
        JsonNode properties = node.get("properties");
        if (properties == null) {
            return;
        }
        if (!node.has("additionalProperties") || node.get("additionalProperties").asBoolean(true)) {
            problems.add(path + " accepts unknown keys");
        }
        properties.fields().forEachRemaining(e -> {
            JsonNode property = e.getValue();
            if (!property.has("description")) {
                problems.add(path + "/" + e.getKey() + " has no description");
            }
            checkSchema(property, path + "/" + e.getKey(), problems);
            if (property.has("items")) {
                checkSchema(property.get("items"), path + "/" + e.getKey() + "[]", problems);
            }
        });
        JsonNode definitions = node.get("definitions");
        if (definitions != null) {
            definitions.fields().forEachRemaining(e -> checkSchema(e.getValue(), "#/definitions/" + e.getKey(), problems));
        }
    }

    /** The dotted paths of the keys in values.yaml that carry a "# --" comment (helm-docs style). */
    static List<String> documentedKeys(List<String> lines) {
        Pattern keyLine = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*$");
        List<String> keys = new ArrayList<>();
        Deque<String[]> stack = new ArrayDeque<>(); // {indent, key}
        boolean commented = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("# --")) {
                commented = true;
                continue;
            }
            Matcher m = keyLine.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!stack.isEmpty() && Integer.parseInt(stack.peek()[0]) >= indent) {
                stack.pop();
            }
            List<String> path = new ArrayList<>(stack.stream().map(e -> e[1]).toList());
            java.util.Collections.reverse(path);
            path.add(m.group(2));
            if (commented) {
                keys.add(String.join(".", path));
            }
            stack.push(new String[] {String.valueOf(indent), m.group(2)});
            commented = false;
        }
        return keys;
    }
}

package dev.portal.events.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portal.events.InvalidEventException;
import dev.portal.events.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class FactReportedTest {

    @Test
    void roundTripsThroughTheDesignJsonShape() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("coverage", 0.87);
        facts.put("openVulnerabilities", 2L);
        facts.put("languages", List.of("java", "sql"));
        facts.put("onCall", true);
        FactReported fact = new FactReported("ci", facts, Instant.parse("2025-03-01T12:00:00Z"));

        byte[] json = Json.toBytes(fact);

        assertEquals(Json.tree(("{\"source\":\"ci\",\"facts\":{\"coverage\":0.87,\"openVulnerabilities\":2,"
                        + "\"languages\":[\"java\",\"sql\"],\"onCall\":true},\"observedAt\":\"2025-03-01T12:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8)),
                Json.tree(json));
        assertEquals(fact, Json.fromBytes(json, FactReported.class));
    }

    @Test
    void observedAtIsOptional() {
        FactReported fact = Json.fromBytes("{\"source\":\"ci\",\"facts\":{}}".getBytes(StandardCharsets.UTF_8),
                FactReported.class);
        assertNull(fact.observedAt());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void rejectsABlankSource(String source) {
        assertThrows(IllegalArgumentException.class, () -> new FactReported(source, Map.of(), null));
    }

    @Test
    void rejectsNullFacts() {
        assertThrows(NullPointerException.class, () -> new FactReported("ci", null, null));
    }

    @Test
    void invalidPayloadReadFromKafkaIsAnInvalidEvent() {
        byte[] json = "{\"facts\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThrows(InvalidEventException.class, () -> Json.fromBytes(json, FactReported.class));
    }

    @Test
    void factsAreAnUnmodifiableCopyThatMayHoldNullValues() {
        Map<String, Object> facts = new HashMap<>();
        facts.put("owner", null);
        FactReported fact = new FactReported("ci", facts, null);
        facts.put("later", 1L);

        assertTrue(fact.facts().containsKey("owner"));
        assertFalse(fact.facts().containsKey("later"));
        assertThrows(UnsupportedOperationException.class, () -> fact.facts().put("x", 1L));
    }

    @Test
    void aNullFactIsWrittenWhileAMissingObservedAtIsLeftOut() {
        Map<String, Object> facts = new HashMap<>();
        facts.put("owner", null);
        assertEquals("{\"source\":\"ci\",\"facts\":{\"owner\":null}}",
                new String(Json.toBytes(new FactReported("ci", facts, null)), StandardCharsets.UTF_8));
    }
}

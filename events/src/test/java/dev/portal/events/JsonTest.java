package dev.portal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    record Sample(String name, Instant at, OffsetDateTime localTime, Map<String, Object> extra) {
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void mapperIsShared() {
        assertSame(Json.mapper(), Json.mapper());
    }

    @Test
    void recordsRoundTripWithDatesAsIsoStrings() {
        Sample sample = new Sample("checkout", Instant.parse("2025-03-01T12:00:00Z"),
                OffsetDateTime.of(2025, 3, 1, 14, 0, 0, 0, ZoneOffset.ofHours(2)), Map.of("stars", 5L));
        byte[] json = Json.toBytes(sample);
        JsonNode tree = Json.tree(json);
        assertEquals("2025-03-01T12:00:00Z", tree.get("at").asText());
        assertEquals("2025-03-01T14:00:00+02:00", tree.get("localTime").asText());
        assertEquals(sample, Json.fromBytes(json, Sample.class));
    }

    @Test
    void nullFieldsAreOmitted() {
        assertEquals("{\"name\":\"x\"}", text(Json.toBytes(new Sample("x", null, null, null))));
    }

    @Test
    void unknownPropertiesAreIgnoredSoPayloadsCanGrow() {
        Sample read = Json.fromBytes(utf8("{\"name\":\"x\",\"addedInALaterRelease\":true}"), Sample.class);
        assertEquals("x", read.name());
    }

    @Test
    void integersInUntypedMapsAreLongs() {
        Sample read = Json.fromBytes(utf8("{\"extra\":{\"small\":1,\"big\":12345678901}}"), Sample.class);
        assertInstanceOf(Long.class, read.extra().get("small"));
        assertInstanceOf(Long.class, read.extra().get("big"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "{\"a\":1} trailing", "{\"a\":}"})
    void treeRejectsMalformedJson(String input) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> Json.tree(utf8(input)));
        assertTrue(e.getMessage().startsWith("Malformed JSON"), e.getMessage());
    }

    @Test
    void fromBytesRejectsMalformedJsonNamingTheTargetType() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> Json.fromBytes(utf8("{\"name\":"), Sample.class));
        assertTrue(e.getMessage().startsWith("Malformed JSON for Sample: "), e.getMessage());
    }

    @Test
    void fromBytesRejectsJsonOfTheWrongShape() {
        assertThrows(InvalidEventException.class, () -> Json.fromBytes(utf8("[1,2]"), Sample.class));
    }

    @Test
    void nullOrEmptyInputIsRejectedAsNoContent() {
        assertEquals("Malformed JSON: no content",
                assertThrows(InvalidEventException.class, () -> Json.tree(null)).getMessage());
        assertEquals("Malformed JSON: no content",
                assertThrows(InvalidEventException.class, () -> Json.fromBytes(new byte[0], Sample.class))
                        .getMessage());
    }

    @Test
    void kafkaSerdeRoundTripsThroughJsonNode() {
        byte[] bytes = new JsonSerializer<Sample>().serialize("t", new Sample("checkout", null, null, null));
        JsonNode node = new JsonDeserializer().deserialize("t", bytes);
        assertEquals("checkout", node.get("name").asText());
    }

    @Test
    void kafkaSerdeMapsNullToTombstoneAndBack() {
        assertNull(new JsonSerializer<Sample>().serialize("t", null));
        assertNull(new JsonDeserializer().deserialize("t", null));
        assertNull(new JsonDeserializer().deserialize("t", new byte[0]));
    }

    @Test
    void kafkaDeserializerRejectsMalformedJson() {
        assertThrows(InvalidEventException.class, () -> new JsonDeserializer().deserialize("t", utf8("{oops")));
    }
}

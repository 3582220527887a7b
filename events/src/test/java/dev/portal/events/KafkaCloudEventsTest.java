package dev.portal.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaCloudEventsTest {

    private static final URI SOURCE = URI.create("/catalog-service");
    private static final String KEY = "component:default/checkout";
    private static final byte[] VALUE = "{\"kind\":\"Component\"}".getBytes(StandardCharsets.UTF_8);

    private static CloudEventEnvelope envelope() {
        return new CloudEventEnvelope("5b1c7a6e-1", SOURCE, EventType.ENTITY_CHANGED, KEY,
                OffsetDateTime.of(2025, 3, 1, 12, 30, 15, 123_000_000, ZoneOffset.UTC));
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Headers of a valid record, to break one at a time. */
    private static Headers validHeaders() {
        return KafkaCloudEvents.record(Topics.ENTITY_CHANGES, KEY, envelope(), VALUE).headers();
    }

    private static Headers replace(Headers headers, String name, String valueOrNull) {
        headers.remove(name);
        if (valueOrNull != null) {
            headers.add(name, valueOrNull.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    @Test
    void recordWritesTopicKeyValueAndCeHeaders() {
        ProducerRecord<String, byte[]> record =
                KafkaCloudEvents.record(Topics.ENTITY_CHANGES, KEY, envelope(), VALUE);

        assertEquals(Topics.ENTITY_CHANGES, record.topic());
        assertEquals(KEY, record.key());
        assertArrayEquals(VALUE, record.value());
        Headers h = record.headers();
        assertEquals("1.0", text(h, "ce_specversion"));
        assertEquals("5b1c7a6e-1", text(h, "ce_id"));
        assertEquals("/catalog-service", text(h, "ce_source"));
        assertEquals("dev.portal.entity.changed.v1", text(h, "ce_type"));
        assertEquals(KEY, text(h, "ce_subject"));
        assertEquals("2025-03-01T12:30:15.123Z", text(h, "ce_time"));
        assertEquals("application/json", text(h, "content-type"));
    }

    @Test
    void headersRoundTripToAnEqualEnvelope() {
        CloudEventEnvelope original = envelope();
        assertEquals(original, KafkaCloudEvents.read(
                KafkaCloudEvents.record(Topics.ENTITY_CHANGES, KEY, original, VALUE).headers()));
    }

    @Test
    void createdEnvelopeRoundTripsWithItsRandomIdAndUtcTime() {
        CloudEventEnvelope created = CloudEventEnvelope.create(SOURCE, EventType.FACT_REPORTED, KEY);
        assertEquals(ZoneOffset.UTC, created.time().getOffset());
        assertNotEquals(created.id(), CloudEventEnvelope.create(SOURCE, EventType.FACT_REPORTED, KEY).id());
        assertEquals(created, KafkaCloudEvents.read(
                KafkaCloudEvents.record(Topics.FACTS, KEY, created, VALUE).headers()));
    }

    @Test
    void nonUtcTimeKeepsItsOffset() {
        CloudEventEnvelope withOffset = new CloudEventEnvelope("id", SOURCE, EventType.ENTITY_UPSERT, null,
                OffsetDateTime.of(2025, 3, 1, 14, 0, 0, 0, ZoneOffset.ofHours(2)));
        Headers headers = KafkaCloudEvents.record(Topics.ENTITY_INGEST, KEY, withOffset, VALUE).headers();
        assertEquals("2025-03-01T14:00:00+02:00", text(headers, "ce_time"));
        assertEquals(withOffset, KafkaCloudEvents.read(headers));
    }

    @Test
    void optionalSubjectAndTimeAreOmittedAndReadBackAsNull() {
        CloudEventEnvelope bare = new CloudEventEnvelope("id", SOURCE, EventType.ENTITY_UPSERT, null, null);
        Headers headers = KafkaCloudEvents.record(Topics.ENTITY_INGEST, KEY, bare, VALUE).headers();
        assertNull(headers.lastHeader("ce_subject"));
        assertNull(headers.lastHeader("ce_time"));
        CloudEventEnvelope read = KafkaCloudEvents.read(headers);
        assertNull(read.subject());
        assertNull(read.time());
    }

    @Test
    void tombstoneHasNoValueAndNoContentType() {
        CloudEventEnvelope deleted = CloudEventEnvelope.create(SOURCE, EventType.ENTITY_DELETED, KEY);
        ProducerRecord<String, byte[]> record = KafkaCloudEvents.record(Topics.ENTITY_CHANGES, KEY, deleted, null);
        assertNull(record.value());
        assertNull(record.headers().lastHeader("content-type"));
        assertEquals("dev.portal.entity.deleted.v1", text(record.headers(), "ce_type"));
        assertEquals(deleted, KafkaCloudEvents.read(record.headers()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_specversion", "ce_id", "ce_source", "ce_type"})
    void readRejectsAMissingRequiredHeaderByName(String header) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), header, null)));
        assertEquals("Missing required header " + header, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject"})
    void readRejectsAnEmptyHeaderByName(String header) {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), header, "")));
        assertTrue(e.getMessage().contains(header), e.getMessage());
    }

    @Test
    void readRejectsAnotherSpecVersion() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), "ce_specversion", "0.3")));
        assertEquals("Unsupported ce_specversion \"0.3\" (expected 1.0)", e.getMessage());
    }

    @Test
    void readRejectsAnUnknownType() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), "ce_type", "dev.portal.entity.changed.v9")));
        assertEquals("Unknown ce_type \"dev.portal.entity.changed.v9\"", e.getMessage());
    }

    @Test
    void readRejectsASourceThatIsNotAUri() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), "ce_source", "not a uri")));
        assertTrue(e.getMessage().startsWith("Invalid ce_source \"not a uri\""), e.getMessage());
    }

    @Test
    void readRejectsATimeThatIsNotRfc3339() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> KafkaCloudEvents.read(replace(validHeaders(), "ce_time", "yesterday")));
        assertTrue(e.getMessage().startsWith("Invalid ce_time \"yesterday\""), e.getMessage());
    }

    @Test
    void readAcceptsLowerCaseRfc3339Separators() {
        CloudEventEnvelope read = KafkaCloudEvents.read(replace(validHeaders(), "ce_time", "2025-03-01t12:00:00z"));
        assertEquals(OffsetDateTime.of(2025, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC), read.time());
    }

    @Test
    void readUsesTheLastValueOfARepeatedHeader() {
        Headers headers = validHeaders();
        headers.add("ce_id", "second".getBytes(StandardCharsets.UTF_8));
        assertEquals("second", KafkaCloudEvents.read(headers).id());
    }

    @Test
    void headerValuesAreUtf8() {
        CloudEventEnvelope unicode = new CloudEventEnvelope("id-é", URI.create("/sérvice"),
                EventType.FACT_REPORTED, "user:default/zoë", null);
        Headers headers = KafkaCloudEvents.record(Topics.FACTS, KEY, unicode, VALUE).headers();
        assertArrayEquals("user:default/zoë".getBytes(StandardCharsets.UTF_8),
                headers.lastHeader("ce_subject").value());
        assertEquals(unicode, KafkaCloudEvents.read(headers));
    }

    @Test
    void deadLetterGoesToTheDlqTopicWithOriginalKeyValueHeadersAndTheReason() {
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        Headers original = validHeaders();
        ConsumerRecord<byte[], byte[]> failed = new ConsumerRecord<>(Topics.ENTITY_CHANGES, 3, 42L,
                1_700_000_000_000L, TimestampType.CREATE_TIME, key.length, VALUE.length, key, VALUE, original,
                Optional.empty());

        ProducerRecord<byte[], byte[]> dlq = KafkaCloudEvents.deadLetter(failed, "relation target missing");

        assertEquals("portal.entity.changes.dlq", dlq.topic());
        assertArrayEquals(key, dlq.key());
        assertArrayEquals(VALUE, dlq.value());
        for (Header header : original) {
            assertArrayEquals(header.value(), dlq.headers().lastHeader(header.key()).value(), header.key());
        }
        assertEquals("relation target missing", text(dlq.headers(), KafkaCloudEvents.ERROR_HEADER));
        assertEquals("portal_error", KafkaCloudEvents.ERROR_HEADER);
        assertEquals("3", text(dlq.headers(), "portal_error_partition"));
        assertEquals("42", text(dlq.headers(), "portal_error_offset"));
        // The envelope still reads, so the DLQ can be inspected and replayed with the same tools.
        assertEquals(envelope(), KafkaCloudEvents.read(dlq.headers()));
    }

    @Test
    void deadLetteringADeadLetterKeepsOnlyTheLatestReason() {
        ConsumerRecord<byte[], byte[]> failed = new ConsumerRecord<>(Topics.FACTS, 0, 7L, null, VALUE);
        ProducerRecord<byte[], byte[]> first = KafkaCloudEvents.deadLetter(failed, "first");
        ConsumerRecord<byte[], byte[]> replayed = new ConsumerRecord<>(Topics.FACTS, 1, 9L,
                0L, TimestampType.CREATE_TIME, 0, VALUE.length, null, VALUE, first.headers(), Optional.empty());

        ProducerRecord<byte[], byte[]> second = KafkaCloudEvents.deadLetter(replayed, "second");

        assertEquals(1, countOf(second.headers(), "portal_error"));
        assertEquals("second", text(second.headers(), "portal_error"));
        assertEquals("9", text(second.headers(), "portal_error_offset"));
        assertEquals("1", text(second.headers(), "portal_error_partition"));
    }

    @Test
    void deadLetterDoesNotChangeTheFailedRecordsHeaders() {
        RecordHeaders original = new RecordHeaders();
        original.add("ce_id", "x".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> failed = new ConsumerRecord<>(Topics.FACTS, 0, 1L, 0L,
                TimestampType.CREATE_TIME, 0, 0, null, null, original, Optional.empty());
        original.setReadOnly(); // as the consumer hands them out

        KafkaCloudEvents.deadLetter(failed, "boom");

        assertNull(original.lastHeader("portal_error"));
    }

    private static int countOf(Headers headers, String name) {
        int n = 0;
        for (Header ignored : headers.headers(name)) {
            n++;
        }
        return n;
    }
}

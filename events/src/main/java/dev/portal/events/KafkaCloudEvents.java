package dev.portal.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode, written by hand: the context attributes are
 * {@code ce_*} headers (UTF-8 strings) and the value is the JSON data. This keeps the CloudEvents SDK out of
 * every service while staying readable by any CloudEvents-aware tool.
 */
public final class KafkaCloudEvents {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON_CONTENT_TYPE = "application/json";

    public static final String SPECVERSION_HEADER = "ce_specversion";
    public static final String ID_HEADER = "ce_id";
    public static final String SOURCE_HEADER = "ce_source";
    public static final String TYPE_HEADER = "ce_type";
    public static final String SUBJECT_HEADER = "ce_subject";
    public static final String TIME_HEADER = "ce_time";
    /** The binding maps {@code datacontenttype} to this plain header, not to a {@code ce_} one. */
    public static final String CONTENT_TYPE_HEADER = "content-type";

    /** Why a dead-lettered record could not be processed. */
    public static final String ERROR_HEADER = "portal_error";
    /** Offset of the failed record in its original topic. */
    public static final String ERROR_OFFSET_HEADER = "portal_error_offset";
    /** Partition of the failed record in its original topic. */
    public static final String ERROR_PARTITION_HEADER = "portal_error_partition";

    // RFC 3339 allows a lower-case 't' and 'z'; ISO_OFFSET_DATE_TIME writes 'Z' for UTC.
    private static final DateTimeFormatter RFC_3339 = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter();

    private KafkaCloudEvents() {
    }

    /**
     * A record carrying {@code envelope} as {@code ce_*} headers.
     *
     * @param key              the entity ref (canonical), so all events of one entity stay ordered in one partition
     * @param jsonValueOrNull  the JSON data, or null for a tombstone (then no {@code content-type} is written)
     */
    public static ProducerRecord<String, byte[]> record(
            String topic, String key, CloudEventEnvelope envelope, byte[] jsonValueOrNull) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(envelope, "envelope");
        Headers headers = new RecordHeaders();
        put(headers, SPECVERSION_HEADER, SPEC_VERSION);
        put(headers, ID_HEADER, envelope.id());
        put(headers, SOURCE_HEADER, envelope.source().toString());
        put(headers, TYPE_HEADER, envelope.type().type());
        if (envelope.subject() != null) {
            put(headers, SUBJECT_HEADER, envelope.subject());
        }
        if (envelope.time() != null) {
            put(headers, TIME_HEADER, RFC_3339.format(envelope.time()));
        }
        if (jsonValueOrNull != null) {
            put(headers, CONTENT_TYPE_HEADER, JSON_CONTENT_TYPE);
        }
        return new ProducerRecord<>(topic, null, key, jsonValueOrNull, headers);
    }

    /**
     * Reads the envelope back from a record's headers.
     *
     * @throws InvalidEventException naming the header, when {@code ce_specversion} is not 1.0, {@code ce_id},
     *                               {@code ce_source} or {@code ce_type} is missing, the type is unknown, or
     *                               {@code ce_source}/{@code ce_subject}/{@code ce_time} is malformed
     */
    public static CloudEventEnvelope read(Headers headers) {
        Objects.requireNonNull(headers, "headers");
        String specVersion = required(headers, SPECVERSION_HEADER);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException(
                    "Unsupported " + SPECVERSION_HEADER + " \"" + specVersion + "\" (expected " + SPEC_VERSION + ")");
        }
        String id = required(headers, ID_HEADER);
        URI source = source(required(headers, SOURCE_HEADER));
        String typeName = required(headers, TYPE_HEADER);
        EventType type = EventType.fromType(typeName).orElseThrow(
                () -> new InvalidEventException("Unknown " + TYPE_HEADER + " \"" + typeName + "\""));
        String subject = header(headers, SUBJECT_HEADER).orElse(null);
        if (subject != null && subject.isEmpty()) {
            throw new InvalidEventException("Header " + SUBJECT_HEADER + " is present but empty");
        }
        OffsetDateTime time = header(headers, TIME_HEADER).map(KafkaCloudEvents::time).orElse(null);
        return new CloudEventEnvelope(id, source, type, subject, time);
    }

    /**
     * The record to send to {@code <topic>.dlq} for a message a consumer could not process: same key, value and
     * headers, plus {@value #ERROR_HEADER} (the reason) and the record's original partition and offset, so the
     * consumer can move on and an operator can find, fix and replay it.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> failed, String reason) {
        Objects.requireNonNull(failed, "failed");
        Headers headers = new RecordHeaders(failed.headers().toArray());
        // A record dead-lettered twice (e.g. replayed and failing again) keeps only the latest reason.
        headers.remove(ERROR_HEADER);
        headers.remove(ERROR_OFFSET_HEADER);
        headers.remove(ERROR_PARTITION_HEADER);
        put(headers, ERROR_HEADER, reason == null || reason.isEmpty() ? "unknown error" : reason);
        put(headers, ERROR_PARTITION_HEADER, Integer.toString(failed.partition()));
        put(headers, ERROR_OFFSET_HEADER, Long.toString(failed.offset()));
        return new ProducerRecord<>(Topics.dlq(failed.topic()), null, failed.key(), failed.value(), headers);
    }

    /** The last value of a header as UTF-8 text; empty when absent or null. */
    public static Optional<String> header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        return header(headers, name)
                .filter(value -> !value.isEmpty())
                .orElseThrow(() -> new InvalidEventException("Missing required header " + name));
    }

    private static URI source(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidEventException(
                    "Invalid " + SOURCE_HEADER + " \"" + value + "\": not a URI reference", e);
        }
    }

    private static OffsetDateTime time(String value) {
        try {
            return OffsetDateTime.parse(value, RFC_3339);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(
                    "Invalid " + TIME_HEADER + " \"" + value + "\": not an RFC 3339 timestamp", e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

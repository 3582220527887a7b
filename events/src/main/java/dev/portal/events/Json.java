package dev.portal.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Objects;

/**
 * The one Jackson configuration for event payloads, so every service writes and reads them the same way.
 *
 * <p>{@link #mapper()} is shared: use it as is, or {@code mapper().copy()} to change settings locally.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Instants and dates as ISO-8601 strings, not epoch numbers: readable and what Backstage clients expect.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // Keep the offset a producer wrote instead of converting every OffsetDateTime to UTC.
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Released v1 payloads only grow by optional fields; an older reader must not break on a new one.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Numbers in untyped maps (facts, annotations) are always Long, never Integer-or-Long by size.
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            // `{"a":1} garbage` is malformed, not `{"a":1}`.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Absent optional fields are left out, but a null inside a map (a fact whose value is null) is kept.
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
            .build();

    private Json() {
    }

    /** The shared, configured mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as UTF-8 JSON. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads JSON into {@code type}.
     *
     * @throws InvalidEventException when the bytes are null, empty, not JSON, or do not fit {@code type}
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        requireContent(json);
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new InvalidEventException("Malformed JSON for " + type.getSimpleName() + ": " + describe(e), e);
        }
    }

    /**
     * Reads JSON into a tree.
     *
     * @throws InvalidEventException when the bytes are null, empty or not JSON
     */
    public static JsonNode tree(byte[] json) {
        requireContent(json);
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidEventException("Malformed JSON: " + describe(e), e);
        }
    }

    private static void requireContent(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("Malformed JSON: no content");
        }
    }

    // Jackson's full message appends the source location; the original message is what a person needs first.
    private static String describe(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }
}

package dev.portal.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer reading JSON into a {@link JsonNode} with {@link Json#mapper()}. A tombstone (null, or
 * the zero-length value some producers send for "no value") becomes null.
 *
 * @throws InvalidEventException from {@link #deserialize} for malformed JSON
 */
public class JsonDeserializer implements Deserializer<JsonNode> {

    @Override
    public JsonNode deserialize(String topic, byte[] data) {
        return data == null || data.length == 0 ? null : Json.tree(data);
    }
}

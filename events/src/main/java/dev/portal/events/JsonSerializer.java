package dev.portal.events;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer writing JSON with {@link Json#mapper()}; null stays null (a tombstone). */
public class JsonSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : Json.toBytes(data);
    }
}

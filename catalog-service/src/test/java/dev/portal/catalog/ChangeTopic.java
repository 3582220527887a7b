package dev.portal.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.KafkaCloudEvents;

/** Reads a topic from the beginning, as a consumer of the catalog's change events would. */
public final class ChangeTopic implements AutoCloseable {

    /** One record: key, CloudEvents type, value (null for a tombstone). */
    public record Event(String key, String type, String value) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Event> seen = new ArrayList<>();

    public ChangeTopic(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Everything read so far plus what arrives until {@code until} holds for the list (or 20 s pass). */
    public List<Event> readUntil(Predicate<List<Event>> until) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!until.test(seen) && Instant.now().isBefore(deadline)) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(seen);
    }

    /** What arrives within {@code quiet}: for asserting that nothing more is published. */
    public List<Event> readFor(Duration quiet) {
        Instant end = Instant.now().plus(quiet);
        while (Instant.now().isBefore(end)) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(seen);
    }

    public List<Event> forKey(String key) {
        return seen.stream().filter(e -> e.key().equals(key)).toList();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            CloudEventEnvelope envelope = KafkaCloudEvents.read(record.headers());
            seen.add(new Event(new String(record.key(), StandardCharsets.UTF_8), envelope.type().type(),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package dev.portal.events.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.portal.events.kafka.KafkaMeters;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * How every service consumes the portal's topics, in one place: its own group; offsets committed by the service once
 * the batch is stored (never automatically); a new group reads from the beginning (a read model is rebuilt by
 * replaying the compacted topics); and a killed instance's partitions go to its replacement after 10 s instead of
 * Kafka's default 45 s, during which nothing would be consumed.
 */
public final class ChangeConsumers {

    static final int SESSION_TIMEOUT_MS = 10_000;
    static final int HEARTBEAT_INTERVAL_MS = 3_000;

    private ChangeConsumers() {
    }

    /** The consumer settings: the service's Kafka connection settings plus the above. */
    public static Map<String, Object> settings(Map<String, Object> kafka, String group, String clientId,
                                               int maxPollRecords) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        return settings;
    }

    /**
     * A consumer of raw bytes (the services parse CloudEvents themselves) with {@link #settings}, its metrics (lag
     * above all) on the service's {@code /q/metrics} while it is open ({@link KafkaMeters}).
     */
    public static KafkaConsumer<byte[], byte[]> create(Map<String, Object> kafka, String group, String clientId,
                                                       int maxPollRecords) {
        return create(settings(kafka, group, clientId, maxPollRecords));
    }

    /** The same with settings of the caller's own ({@link #settings} plus what it changes). */
    public static KafkaConsumer<byte[], byte[]> create(Map<String, Object> settings) {
        return new MeteredConsumer(settings);
    }

    /** Unbinds its meters when closed, however it is closed. */
    private static final class MeteredConsumer extends KafkaConsumer<byte[], byte[]> {

        private final KafkaClientMetrics meters;

        MeteredConsumer(Map<String, Object> settings) {
            super(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            meters = KafkaMeters.bind(this);
        }

        @Override
        public void close() {
            meters.close();
            super.close();
        }

        @Override
        public void close(Duration timeout) {
            meters.close();
            super.close(timeout);
        }

        @Override
        public void close(CloseOptions options) {
            meters.close();
            super.close(options);
        }
    }
}

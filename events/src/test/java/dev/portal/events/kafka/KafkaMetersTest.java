package dev.portal.events.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.portal.events.consume.ChangeConsumers;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Every consumer {@link ChangeConsumers} makes has its Kafka metrics (lag above all) in Micrometer's global registry,
 * where Quarkus's Prometheus registry reads them, for as long as it is open, however it is closed. No broker is needed:
 * a consumer registers its metrics when it is made.
 */
class KafkaMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void addRegistry() {
        Metrics.globalRegistry.add(registry);
    }

    @AfterEach
    void removeRegistry() {
        Metrics.globalRegistry.remove(registry);
    }

    private boolean lagMeterOf(String clientId) {
        return Search.in(registry).name("kafka.consumer.fetch.manager.records.lag.max").tag("client.id", clientId)
                .meter() != null;
    }

    private void assertMeteredWhileOpen(String clientId, Consumer<KafkaConsumer<byte[], byte[]>> close) {
        KafkaConsumer<byte[], byte[]> consumer = ChangeConsumers.create(
                Map.of("bootstrap.servers", "127.0.0.1:9"), "kafka-meters-test", clientId, 10);
        assertTrue(lagMeterOf(clientId), "the consumer's lag is on the registry while it is open");
        close.accept(consumer);
        assertFalse(lagMeterOf(clientId), "a closed consumer's meters are gone");
    }

    @Test
    void aConsumersLagIsMeteredUntilItIsClosed() {
        assertMeteredWhileOpen("meters-close", KafkaConsumer::close);
        assertMeteredWhileOpen("meters-close-timeout", c -> c.close(Duration.ofSeconds(1)));
    }
}

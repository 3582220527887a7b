package dev.portal.events.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * A Kafka client's own metrics on the service's {@code /q/metrics}, as Micrometer's Kafka binder names them: above
 * all {@code kafka_consumer_fetch_manager_records_lag_max} per consumer (how far a view is behind its topic, the figure
 * to alert on when "every view follows a change within a second" stops being true) and the producers' send and error
 * rates. Quarkus adds its Prometheus registry to Micrometer's global one, which is where these go; the services'
 * clients are plain Kafka clients, which Quarkus's own binder does not see. Close what {@code bind} returns when the
 * client is closed, or the meters keep the closed client.
 */
public final class KafkaMeters {

    private KafkaMeters() {
    }

    public static KafkaClientMetrics bind(Consumer<?, ?> consumer) {
        return bind(consumer, Metrics.globalRegistry);
    }

    public static KafkaClientMetrics bind(Producer<?, ?> producer) {
        return bind(producer, Metrics.globalRegistry);
    }

    public static KafkaClientMetrics bind(Consumer<?, ?> consumer, MeterRegistry registry) {
        KafkaClientMetrics meters = new KafkaClientMetrics(consumer);
        meters.bindTo(registry);
        return meters;
    }

    public static KafkaClientMetrics bind(Producer<?, ?> producer, MeterRegistry registry) {
        KafkaClientMetrics meters = new KafkaClientMetrics(producer);
        meters.bindTo(registry);
        return meters;
    }
}

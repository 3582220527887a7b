package dev.portal.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.portal.events.kafka.KafkaMeters;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * Follows topics on a thread of its own without a consumer group: the gateway's read models are caches and keep no
 * offsets. Every partition is assigned and read from the beginning (a replay) or from the end (only what changes from
 * now on); each record goes to the {@link Reader}. A failure closes the consumer and starts over from the same place
 * 2 s later; stopping wakes the consumer up rather than interrupting the thread, which would break its close.
 */
public final class TopicFollower {

    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** What a read model does with the topics. */
    public interface Reader {
        /** The consumer is positioned; {@code end} holds every partition's end offset at that moment. */
        void positioned(Map<TopicPartition, Long> end);

        void read(ConsumerRecord<String, byte[]> record);

        /** After each poll, with the consumer's position per partition (e.g. to tell when a replay reached the end). */
        default void polled(Function<TopicPartition, Long> position) {
        }

        /** The consumer stopped (a failure, or shutdown): whatever relied on following the topics must not any more. */
        default void stopped() {
        }
    }

    private final String name;
    private final String bootstrap;
    private final List<String> topics;
    private final boolean fromBeginning;
    private final Reader reader;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /** @param name the thread's name and the consumer's client id */
    public TopicFollower(String name, String bootstrap, List<String> topics, boolean fromBeginning, Reader reader) {
        this.name = name;
        this.bootstrap = bootstrap;
        this.topics = List.copyOf(topics);
        this.fromBeginning = fromBeginning;
        this.reader = reader;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread thread = new Thread(this::follow, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig());
                 KafkaClientMetrics meters = KafkaMeters.bind(c)) { // how far behind the topics the cache is
                consumer = c;
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : topics) {
                    c.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                c.assign(partitions);
                if (fromBeginning) {
                    c.seekToBeginning(partitions);
                } else {
                    c.seekToEnd(partitions);
                }
                partitions.forEach(c::position); // resolves the seek: from here on no record can pass unseen
                reader.positioned(c.endOffsets(partitions));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        reader.read(record);
                    }
                    reader.polled(c::position);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s: the consumer of %s failed (%s); starting over in 2 s", name, topics, e.toString());
                sleep();
            } finally {
                consumer = null;
                reader.stopped();
            }
        }
    }

    private Properties consumerConfig() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        return p;
    }

    private void sleep() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

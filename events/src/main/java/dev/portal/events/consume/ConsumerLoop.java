package dev.portal.events.consume;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The poll loop every service runs on its own thread for a topic it consumes: poll, hand the batch (and a producer for
 * the topic's dead-letter topic) to the service, commit once the batch is stored. Any failure closes the consumer and
 * starts a new one 2 s later; its uncommitted records are read again, so nothing is skipped. Stopping wakes the
 * consumer up instead of interrupting the thread, which would break the consumer's close.
 */
public final class ConsumerLoop {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class.getName());

    /** What the service does with a polled batch; an exception makes the batch be read again. */
    @FunctionalInterface
    public interface Batch {
        void process(ConsumerRecords<byte[], byte[]> records, KafkaProducer<byte[], byte[]> deadLetters) throws Exception;
    }

    private final String name;
    private final List<String> topics;
    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final Map<String, Object> kafka;
    private final Batch batch;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name      the thread's name; the dead-letter producer's client id is {@code name + "-dlq"}
     * @param consumers makes a consumer (usually {@link ChangeConsumers#create})
     * @param kafka     the service's Kafka connection settings, for the dead-letter producer
     */
    public ConsumerLoop(String name, List<String> topics, Supplier<KafkaConsumer<byte[], byte[]>> consumers,
                        Map<String, Object> kafka, Batch batch) {
        this.name = name;
        this.topics = topics;
        this.consumers = consumers;
        this.kafka = kafka;
        this.batch = batch;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (this) {
            notifyAll(); // ends a pause between two consumers
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        try (KafkaProducer<byte[], byte[]> deadLetters = deadLetterProducer()) {
            while (running) {
                try (KafkaConsumer<byte[], byte[]> created = consumers.get()) {
                    consumer = created;
                    created.subscribe(topics);
                    while (running) {
                        ConsumerRecords<byte[], byte[]> records = created.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            batch.process(records, deadLetters);
                            created.commitSync();
                        }
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (Exception e) {
                    if (running) {
                        LOG.log(Level.WARNING, "Consumer " + name + " of " + topics + " restarts in 2 s after: " + e, e);
                        pause(2_000);
                    }
                }
            }
        }
    }

    private synchronized void pause(long millis) {
        try {
            if (running) {
                wait(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaProducer<byte[], byte[]> deadLetterProducer() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, name + "-dlq");
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
}

package dev.portal.events.consume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ChangeConsumersTest {

    @Test
    void handsADeadInstancesPartitionsOverAfterTenSecondsAndCommitsOnlyByHand() {
        Map<String, Object> settings = ChangeConsumers.settings(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:9092"), "search-service-indexer", "search-indexer", 500);

        assertEquals(10_000, settings.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals(3_000, settings.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        assertEquals(false, settings.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("earliest", settings.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals("search-service-indexer", settings.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(500, settings.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("127.0.0.1:9092", settings.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }
}

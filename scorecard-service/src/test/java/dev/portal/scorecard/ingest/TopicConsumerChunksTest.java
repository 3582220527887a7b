package dev.portal.scorecard.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A poll is parsed and applied in runs bounded by message bytes, so large entities cannot exhaust the heap. */
class TopicConsumerChunksTest {

    private static List<ConsumerRecord<String, byte[]>> records(int... sizes) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            records.add(new ConsumerRecord<>("t", 0, i, "k" + i, sizes[i] < 0 ? null : new byte[sizes[i]]));
        }
        return records;
    }

    private static List<List<Long>> offsets(List<List<ConsumerRecord<String, byte[]>>> chunks) {
        return chunks.stream().map(c -> c.stream().map(ConsumerRecord::offset).toList()).toList();
    }

    @Test
    void runsStayWithinTheBytesInOrderAndALargerMessageGoesAlone() {
        var chunks = TopicConsumer.chunks(records(400, 400, 300, 900, 2_500, 100, -1, 100), 1_000);
        assertEquals(List.of(List.of(0L, 1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L, 6L, 7L)), offsets(chunks));
    }

    @Test
    void smallMessagesStayInOneRunAndAnEmptyPollHasNone() {
        assertEquals(List.of(List.of(0L, 1L, 2L)), offsets(TopicConsumer.chunks(records(10, 10, 10), 1_000)));
        assertEquals(List.of(), TopicConsumer.chunks(records(), 1_000));
    }
}

package dev.portal.events;

import java.util.List;
import java.util.Objects;

/** Kafka topic names shared by every service (design.md "Events"). */
public final class Topics {

    public static final String ENTITY_INGEST = "portal.entity.ingest";
    public static final String ENTITY_CHANGES = "portal.entity.changes";
    public static final String TECHDOCS_CHANGES = "portal.techdocs.changes";
    public static final String SCORECARD_CHANGES = "portal.scorecard.changes";
    public static final String FACTS = "portal.facts";

    /** Suffix of a topic's dead-letter topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private static final List<String> ALL =
            List.of(ENTITY_INGEST, ENTITY_CHANGES, TECHDOCS_CHANGES, SCORECARD_CHANGES, FACTS);

    // Keyed by entity ref, so the latest value per entity is the whole state: read models rebuild by replay.
    private static final List<String> COMPACTED = List.of(ENTITY_CHANGES, TECHDOCS_CHANGES, SCORECARD_CHANGES);

    private Topics() {
    }

    /** The dead-letter topic for {@code topic}: {@code <topic>.dlq}. */
    public static String dlq(String topic) {
        return Objects.requireNonNull(topic, "topic") + DLQ_SUFFIX;
    }

    /** The five main topics (without their DLQs). */
    public static List<String> all() {
        return ALL;
    }

    /**
     * Whether the topic must be created with {@code cleanup.policy=compact}. A prefixed name (see
     * {@link #prefixed}) counts too, so test-isolated topics get the same configuration as the real ones.
     */
    public static boolean isCompacted(String topic) {
        return topic != null && COMPACTED.stream().anyMatch(topic::endsWith);
    }

    /** {@code prefix + topic}; tests use a per-class prefix to isolate their topics, "" (or null) gives the real name. */
    public static String prefixed(String prefix, String topic) {
        Objects.requireNonNull(topic, "topic");
        return prefix == null ? topic : prefix + topic;
    }
}

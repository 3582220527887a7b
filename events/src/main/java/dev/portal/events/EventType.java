package dev.portal.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The CloudEvents {@code ce_type}s Portal publishes, each bound to its topic, so consumers switch on this enum
 * instead of comparing strings. A released {@code .v1} payload never changes incompatibly; a breaking change is a
 * new {@code .v2} constant.
 */
public enum EventType {
    ENTITY_UPSERT("dev.portal.entity.upsert.v1", Topics.ENTITY_INGEST),
    ENTITY_DELETE("dev.portal.entity.delete.v1", Topics.ENTITY_INGEST),
    ENTITY_CHANGED("dev.portal.entity.changed.v1", Topics.ENTITY_CHANGES),
    ENTITY_DELETED("dev.portal.entity.deleted.v1", Topics.ENTITY_CHANGES),
    TECHDOCS_BUILT("dev.portal.techdocs.built.v1", Topics.TECHDOCS_CHANGES),
    TECHDOCS_FAILED("dev.portal.techdocs.failed.v1", Topics.TECHDOCS_CHANGES),
    TECHDOCS_REMOVED("dev.portal.techdocs.removed.v1", Topics.TECHDOCS_CHANGES),
    SCORECARD_EVALUATED("dev.portal.scorecard.evaluated.v1", Topics.SCORECARD_CHANGES),
    FACT_REPORTED("dev.portal.fact.reported.v1", Topics.FACTS);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final String topic;

    EventType(String type, String topic) {
        this.type = type;
        this.topic = topic;
    }

    /** The exact {@code ce_type} string. */
    public String type() {
        return type;
    }

    /** The (unprefixed) topic this type is published on. */
    public String topic() {
        return topic;
    }

    /** The constant for a {@code ce_type} string; empty for an unknown (or null) type. Exact match, as CloudEvents requires. */
    public static Optional<EventType> fromType(String type) {
        return type == null ? Optional.empty() : Optional.ofNullable(BY_TYPE.get(type));
    }
}

package dev.portal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventTypeTest {

    @ParameterizedTest
    @CsvSource({
            "ENTITY_UPSERT,       dev.portal.entity.upsert.v1,       portal.entity.ingest",
            "ENTITY_DELETE,       dev.portal.entity.delete.v1,       portal.entity.ingest",
            "ENTITY_CHANGED,      dev.portal.entity.changed.v1,      portal.entity.changes",
            "ENTITY_DELETED,      dev.portal.entity.deleted.v1,      portal.entity.changes",
            "TECHDOCS_BUILT,      dev.portal.techdocs.built.v1,      portal.techdocs.changes",
            "TECHDOCS_FAILED,     dev.portal.techdocs.failed.v1,     portal.techdocs.changes",
            "TECHDOCS_REMOVED,    dev.portal.techdocs.removed.v1,    portal.techdocs.changes",
            "SCORECARD_EVALUATED, dev.portal.scorecard.evaluated.v1, portal.scorecard.changes",
            "FACT_REPORTED,       dev.portal.fact.reported.v1,       portal.facts",
    })
    void eachTypeHasItsDesignStringAndTopic(EventType eventType, String type, String topic) {
        assertEquals(type, eventType.type());
        assertEquals(topic, eventType.topic());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void fromTypeFindsEveryConstantByItsString(EventType eventType) {
        assertEquals(Optional.of(eventType), EventType.fromType(eventType.type()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeBelongsToOneOfTheFiveTopics(EventType eventType) {
        assertTrue(Topics.all().contains(eventType.topic()));
    }

    @Test
    void fromTypeIsEmptyForUnknownOtherCasedOrNullTypes() {
        assertEquals(Optional.empty(), EventType.fromType("dev.portal.entity.upsert.v2"));
        assertEquals(Optional.empty(), EventType.fromType("DEV.PORTAL.ENTITY.UPSERT.V1"));
        assertEquals(Optional.empty(), EventType.fromType(""));
        assertEquals(Optional.empty(), EventType.fromType(null));
    }
}

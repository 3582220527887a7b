package dev.portal.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void allListsTheFiveTopicsByTheirDesignNames() {
        assertEquals(List.of("portal.entity.ingest", "portal.entity.changes", "portal.techdocs.changes",
                "portal.scorecard.changes", "portal.facts"), Topics.all());
    }

    @Test
    void dlqAppendsTheDlqSuffix() {
        assertEquals("portal.facts.dlq", Topics.dlq(Topics.FACTS));
    }

    @Test
    void onlyTheThreeChangeTopicsAreCompacted() {
        assertTrue(Topics.isCompacted(Topics.ENTITY_CHANGES));
        assertTrue(Topics.isCompacted(Topics.TECHDOCS_CHANGES));
        assertTrue(Topics.isCompacted(Topics.SCORECARD_CHANGES));
        assertFalse(Topics.isCompacted(Topics.ENTITY_INGEST));
        assertFalse(Topics.isCompacted(Topics.FACTS));
        assertFalse(Topics.isCompacted(Topics.dlq(Topics.ENTITY_CHANGES)));
    }

    @Test
    void prefixedChangeTopicsAreCompactedToo() {
        assertTrue(Topics.isCompacted(Topics.prefixed("it-42-", Topics.ENTITY_CHANGES)));
        assertFalse(Topics.isCompacted(Topics.prefixed("it-42-", Topics.FACTS)));
    }

    @Test
    void prefixedPrependsThePrefixAndEmptyPrefixGivesTheRealName() {
        assertEquals("test1.portal.facts", Topics.prefixed("test1.", Topics.FACTS));
        assertEquals(Topics.FACTS, Topics.prefixed("", Topics.FACTS));
    }

    @Test
    void allIsUnmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> Topics.all().add("x"));
    }
}

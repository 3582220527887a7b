package dev.portal.catalog.relation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.TestTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Replacing an entity's relations writes only what changed, and names as needing a new stitch exactly the entities
 * whose relations changed: an entity written again with the same relations sends none of its peers to the stitcher.
 * Entries of the stitch queue can be held back (a location read's peers) until released.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class RelationRepositoryTest {

    private static final String LEDGER = "component:default/ledger";
    private static final String PAYMENTS = "group:default/payments-team";
    private static final String PLATFORM = "group:default/platform-team";
    private static final String SYSTEM = "system:default/payments";

    @Inject
    RelationRepository relations;

    private static List<Relation> ownedBy(String owner) {
        return List.of(new Relation(LEDGER, "ownedBy", owner), new Relation(owner, "ownerOf", LEDGER),
                new Relation(LEDGER, "partOf", SYSTEM), new Relation(SYSTEM, "hasPart", LEDGER));
    }

    @Test
    @TestTransaction
    void namesOnlyTheEntitiesWhoseRelationsChanged() {
        assertEquals(Set.of(LEDGER, PAYMENTS, SYSTEM), relations.replaceOriginatedBy(Map.of(LEDGER, ownedBy(PAYMENTS))));

        assertEquals(Set.of(), relations.replaceOriginatedBy(Map.of(LEDGER, ownedBy(PAYMENTS))),
                "the same relations again: nothing to stitch");
        assertEquals(Set.of(LEDGER, PAYMENTS, PLATFORM), relations.replaceOriginatedBy(Map.of(LEDGER, ownedBy(PLATFORM))),
                "a new owner: the entity, the old owner and the new one; not the system");
        assertEquals(List.of(new Relation(LEDGER, "ownedBy", PLATFORM), new Relation(LEDGER, "partOf", SYSTEM)),
                relations.outgoing(List.of(LEDGER)).get(LEDGER));
        assertEquals(List.of(new Relation(PLATFORM, "ownerOf", LEDGER)), relations.outgoing(List.of(PLATFORM)).get(PLATFORM));
        assertEquals(null, relations.outgoing(List.of(PAYMENTS)).get(PAYMENTS), "the old owner's relation is gone");

        assertEquals(Set.of(LEDGER, PLATFORM, SYSTEM), relations.replaceOriginatedBy(Map.of(LEDGER, List.of())),
                "all removed (a deletion)");
        assertEquals(Map.of(), relations.outgoing(List.of(LEDGER, PLATFORM, SYSTEM)));
    }

    @Test
    @TestTransaction
    void heldStitchesWaitUntilReleasedOrQueuedAgainWithoutAHold() {
        relations.queueStitch(List.of(PAYMENTS, PLATFORM), Duration.ofMinutes(5));
        relations.queueStitch(List.of(SYSTEM), Duration.ZERO);
        assertEquals(Set.of(SYSTEM), due());

        relations.queueStitch(List.of(PLATFORM), Duration.ZERO);
        assertEquals(Set.of(SYSTEM, PLATFORM), due(), "queued again without a hold: due at once");
        relations.queueStitch(List.of(SYSTEM, PLATFORM), Duration.ofMinutes(5));
        assertEquals(Set.of(SYSTEM, PLATFORM), due(), "a hold does not hold back an entry already due");

        assertEquals(1, relations.releaseHeld());
        assertEquals(Set.of(SYSTEM, PLATFORM, PAYMENTS), due());

        Set<String> first = due(0, 2);
        Set<String> second = due(1, 2);
        assertEquals(Set.of(), first.stream().filter(second::contains).collect(Collectors.toSet()),
                "two stitchers never take the same entity");
        first.addAll(second);
        assertEquals(Set.of(SYSTEM, PLATFORM, PAYMENTS), first, "and between them take every one");
    }

    private Set<String> due() {
        return due(0, 1);
    }

    private Set<String> due(int share, int shares) {
        return relations.peekQueued(1000, share, shares).stream().map(RelationRepository.Queued::entityRef)
                .filter(Set.of(PAYMENTS, PLATFORM, SYSTEM)::contains).collect(Collectors.toCollection(HashSet::new));
    }
}

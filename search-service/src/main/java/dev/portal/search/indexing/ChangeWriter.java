package dev.portal.search.indexing;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.portal.events.InvalidEventException;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.search.catalog.CatalogIndexer;
import dev.portal.search.catalog.EntityChange;
import dev.portal.search.docs.DocsChange;
import dev.portal.search.docs.DocsIndexer;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.WriteOutcome;
import dev.portal.search.scorecard.ScorecardChange;
import dev.portal.search.scorecard.ScorecardIndexer;

/**
 * Turns records of the three change topics into writes: entity changes and scorecard levels into the
 * {@code software-catalog} index, docs pages into the {@code techdocs} index. Used by the live consumer (writing to the
 * aliases) and by rebuilds (writing to a new physical index of one type).
 */
@ApplicationScoped
public class ChangeWriter {

    /**
     * Where a batch goes.
     *
     * @param catalog      the software-catalog index or alias written to; null: entity and scorecard records are skipped
     * @param docs         the techdocs index or alias written to; null: docs records are skipped
     * @param aliases      whether the two are aliases (which must then exist)
     * @param catalogReads the catalog alias docs pages take their entity's fields from
     * @param firstWrites  null, or: no document these records touch is in the index yet (a rebuild's first replay of
     *                     a topic into a new index, one message per key), so entity changes are plain index operations
     *                     — no read-modify-write script — carrying their entity's scorecard levels
     */
    public record Target(String catalog, String docs, boolean aliases, String catalogReads, FirstWrites firstWrites) {
    }

    /**
     * A rebuild's first writes of entity documents, each whole: with the scorecard levels read beforehand, so a
     * document is indexed once instead of again for its levels.
     *
     * @param scorecardLevels the last levels per canonical entity ref; each is taken out as its document is written,
     *                        so what is left belongs to entities not written (yet)
     */
    public record FirstWrites(Map<String, ScorecardChange> scorecardLevels) {

        EntityChange withLevels(EntityChange change) {
            if (change instanceof EntityChange.Changed changed) {
                ScorecardChange levels = scorecardLevels.remove(changed.id());
                if (levels != null) {
                    return new EntityChange.Changed(changed.id(),
                            changed.document().withScorecards(levels.levels(), levels.evaluatedAt()));
                }
            }
            return change;
        }
    }

    /** Messages per bulk write, in bytes: about 100 docs sites, or 1,000 entities. */
    static final long MAX_RUN_BYTES = 2 * 1024 * 1024;

    private final CatalogIndexer catalogIndexer;
    private final ScorecardIndexer scorecardIndexer;
    private final DocsIndexer docsIndexer;
    private final KafkaTopicsConfig topics;

    public ChangeWriter(CatalogIndexer catalogIndexer, ScorecardIndexer scorecardIndexer, DocsIndexer docsIndexer,
                        KafkaTopicsConfig topics) {
        this.catalogIndexer = catalogIndexer;
        this.scorecardIndexer = scorecardIndexer;
        this.docsIndexer = docsIndexer;
        this.topics = topics;
    }

    /** Every topic the live indexing follows. */
    public List<String> topics() {
        return Arrays.stream(DocumentType.values()).flatMap(type -> topics(type).stream()).toList();
    }

    /** The compacted topics a type's index is built from. */
    public List<String> topics(DocumentType type) {
        return switch (type) {
            case SOFTWARE_CATALOG -> List.of(topics.entityChanges(), topics.scorecardChanges());
            case TECHDOCS -> List.of(topics.techdocsChanges());
        };
    }

    /**
     * The topic of a type whose messages are fields of other documents rather than documents: the scorecard levels
     * on the software-catalog documents.
     */
    public Optional<String> levelsTopic(DocumentType type) {
        return type == DocumentType.SOFTWARE_CATALOG ? Optional.of(topics.scorecardChanges()) : Optional.empty();
    }

    /** Writes scorecard levels onto their entities' documents in a catalog index (see {@link ScorecardIndexer}). */
    public List<WriteOutcome> writeLevels(String catalogIndex, List<ScorecardChange> levels)
            throws IndexUnavailableException {
        return scorecardIndexer.write(catalogIndex, false, levels);
    }

    /**
     * Writes the records, one outcome per record in order: {@code FAILED} for a record that cannot be read or that
     * OpenSearch refused for good (both belong in the DLQ, with the reason). They go in runs of at most
     * {@link #MAX_RUN_BYTES} of messages, one bulk request per index each: a poll of 500 docs sites (about 19 KB each,
     * several times that once parsed and serialised) would otherwise be held in memory whole, more than once.
     *
     * @throws IndexUnavailableException when OpenSearch does not take the batch now; retry it whole (every write is
     *                                   idempotent)
     */
    public List<WriteOutcome> write(Target target, List<ConsumerRecord<byte[], byte[]>> records)
            throws IndexUnavailableException {
        List<WriteOutcome> outcomes = new ArrayList<>(records.size());
        int from = 0;
        while (from < records.size()) {
            int to = from;
            long bytes = 0;
            do {
                ConsumerRecord<byte[], byte[]> record = records.get(to++);
                bytes += record.value() == null ? 0 : record.value().length;
            } while (to < records.size() && bytes < MAX_RUN_BYTES);
            outcomes.addAll(writeRun(target, records.subList(from, to)));
            from = to;
        }
        return outcomes;
    }

    private List<WriteOutcome> writeRun(Target target, List<ConsumerRecord<byte[], byte[]>> records)
            throws IndexUnavailableException {
        WriteOutcome[] outcomes = new WriteOutcome[records.size()];
        Batch<EntityChange> entities = new Batch<>();
        Batch<ScorecardChange> scorecards = new Batch<>();
        Batch<DocsChange> docs = new Batch<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            try {
                String topic = record.topic();
                if (topic.equals(topics.entityChanges()) && target.catalog() != null) {
                    EntityChange change = EntityChange.parse(record);
                    entities.add(i, target.firstWrites() == null ? change : target.firstWrites().withLevels(change));
                } else if (topic.equals(topics.scorecardChanges()) && target.catalog() != null) {
                    Optional<ScorecardChange> change = ScorecardChange.parse(record);
                    if (change.isPresent()) {
                        scorecards.add(i, change.get());
                    } else {
                        outcomes[i] = WriteOutcome.SKIPPED;
                    }
                } else if (topic.equals(topics.techdocsChanges()) && target.docs() != null) {
                    docs.add(i, DocsChange.parse(record));
                } else {
                    outcomes[i] = WriteOutcome.SKIPPED;
                }
            } catch (InvalidEventException e) {
                outcomes[i] = WriteOutcome.failed(e.getMessage());
            }
        }
        entities.place(outcomes, catalogIndexer.write(target.catalog(), target.aliases(),
                target.firstWrites() != null, entities.changes));
        if (target.docs() != null && !entities.changes.isEmpty()) {
            // Docs pages show their entity's fields: an entity indexed or changed after its pages passes them on.
            Set<String> refs = new LinkedHashSet<>();
            entities.changes.stream().filter(c -> c instanceof EntityChange.Changed).forEach(c -> refs.add(c.id()));
            docsIndexer.followEntities(target.docs(), target.aliases(), target.catalogReads(), refs);
        }
        scorecards.place(outcomes, scorecardIndexer.write(target.catalog(), target.aliases(), scorecards.changes));
        docs.place(outcomes, docsIndexer.write(target.docs(), target.aliases(), target.catalogReads(), docs.changes));
        if (target.docs() != null) {
            // A deleted entity's docs pages go with it, whatever TechDocs does; after the docs writes, so that a build
            // of the entity's site in the same batch does not outlive the deletion.
            docsIndexer.removeEntities(target.docs(), target.aliases(), deleted(entities.changes));
        }
        return Arrays.asList(outcomes);
    }

    /** The entities whose last change in these is a deletion (or the tombstone). */
    private static Set<String> deleted(List<EntityChange> changes) {
        Set<String> refs = new LinkedHashSet<>();
        for (EntityChange change : changes) {
            if (change instanceof EntityChange.Changed) {
                refs.remove(change.id());
            } else {
                refs.add(change.id());
            }
        }
        return refs;
    }

    /** The changes of one kind in a batch, with the positions of their records. */
    private static final class Batch<T> {
        final List<T> changes = new ArrayList<>();
        final List<Integer> positions = new ArrayList<>();

        void add(int position, T change) {
            positions.add(position);
            changes.add(change);
        }

        void place(WriteOutcome[] outcomes, List<WriteOutcome> written) {
            for (int i = 0; i < written.size(); i++) {
                outcomes[positions.get(i)] = written.get(i);
            }
        }
    }
}

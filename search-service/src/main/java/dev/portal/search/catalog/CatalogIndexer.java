package dev.portal.search.catalog;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import dev.portal.search.index.BulkWrites;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.WriteOutcome;

/**
 * Writes entity changes to a {@code software-catalog} index in one bulk request, idempotently: each write is a scripted
 * update that keeps the indexed document when it is the same entity (same {@code uid}) at the same or a newer
 * {@code generation}, so duplicates and out-of-order events never regress it. A deletion leaves a marker with its
 * generation (hidden from queries) so a late duplicate cannot resurrect the entity; a re-created entity has a new
 * {@code uid} and replaces the marker.
 */
@ApplicationScoped
public class CatalogIndexer {

    /**
     * Replace the document unless what is indexed is this incarnation of the entity at least as new. The scorecard
     * levels come from another topic (see {@code ScorecardIndexer}) and stay.
     */
    static final String NEWER_WINS = """
            def current = ctx._source;
            if (current.uid == params.doc.uid && current.generation != null
                    && current.generation >= params.doc.generation) {
              ctx.op = 'none';
            } else {
              def levels = current.scorecardLevel;
              def levelsAt = current.scorecardsAt;
              current.clear();
              current.putAll(params.doc);
              if (levelsAt != null) {
                current.scorecardLevel = levels;
                current.scorecardsAt = levelsAt;
              }
            }""";

    /** The compaction tombstone: hide whatever is still indexed for the ref, keeping its uid and generation. */
    static final String FORGET = """
            if (ctx._source.deleted == true) {
              ctx.op = 'none';
            } else {
              ctx._source.deleted = true;
              ctx._source.deletedAt = params.now;
            }""";

    private static final int PURGE_PAGE_SIZE = 1000;
    private static final int PURGE_PAGES = 10;

    private final OpenSearchClient client;

    public CatalogIndexer(OpenSearchClient client) {
        this.client = client;
    }

    /**
     * Writes the changes to {@code index}, in order.
     *
     * @param isAlias  whether {@code index} is a read alias: then a missing alias is an error (and not, as OpenSearch
     *                 would otherwise do, a reason to create a concrete index of that name with guessed mappings)
     * @param firstWrites whether none of these documents is in {@code index} yet and each ref comes once (a rebuild's
     *                 first replay into a new index): then a change is a plain index operation — no script, no read of
     *                 the document — and a tombstone has nothing to forget
     * @return one outcome per change, in the same order; {@code FAILED} ones OpenSearch refused for good (a mapping
     *         error, say) and belong in the DLQ
     * @throws IndexUnavailableException when OpenSearch is unreachable, overloaded or the index is missing: nothing
     *                                   is lost by retrying the whole batch, since every write is idempotent
     */
    public List<WriteOutcome> write(String index, boolean isAlias, boolean firstWrites, List<EntityChange> changes)
            throws IndexUnavailableException {
        if (changes.isEmpty()) {
            return List.of();
        }
        if (firstWrites && changes.stream().anyMatch(change -> change instanceof EntityChange.Forgotten)) {
            List<EntityChange> written = changes.stream().filter(c -> !(c instanceof EntityChange.Forgotten)).toList();
            var outcomes = write(index, isAlias, true, written).iterator();
            return changes.stream().map(c -> c instanceof EntityChange.Forgotten ? WriteOutcome.SKIPPED : outcomes.next())
                    .toList();
        }
        List<BulkOperation> operations = changes.stream()
                .map(change -> firstWrites ? firstWrite(change) : operation(change)).toList();
        BulkResponse response;
        try {
            response = client.bulk(b -> b.index(index).requireAlias(isAlias).operations(operations));
        } catch (IOException e) {
            throw new IndexUnavailableException("OpenSearch is unreachable: " + e.getMessage(), e);
        } catch (OpenSearchException e) {
            if (IndexUnavailableException.isTransient(e.status(), BulkWrites.type(e.error()))) {
                throw new IndexUnavailableException("OpenSearch refused the bulk write: " + e.getMessage(), e);
            }
            return oneByOne(index, isAlias, firstWrites, changes, e);
        }
        List<WriteOutcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(outcome(changes.get(i), response.items().get(i)));
        }
        return outcomes;
    }

    /**
     * Removes the markers of entities deleted before {@code cutoff} (see {@link EntityChange.DeletedMarker}): found by
     * a search, deleted by id only if unchanged since (a re-created entity that replaced a marker meanwhile stays).
     * Not {@code _delete_by_query}, which needs OpenSearch's reindex module.
     *
     * @return how many were removed
     */
    public long purgeDeletedBefore(String index, OffsetDateTime cutoff) throws IOException {
        long removed = 0;
        for (int page = 0; page < PURGE_PAGES; page++) {
            SearchResponse<Void> markers = client.search(s -> s.index(index).size(PURGE_PAGE_SIZE).source(src -> src.fetch(false))
                    .seqNoPrimaryTerm(true)
                    .query(q -> q.bool(b -> b
                            .filter(f -> f.term(t -> t.field("deleted").value(v -> v.booleanValue(true))))
                            .filter(f -> f.range(r -> r.field("deletedAt").lt(JsonData.of(cutoff.toString())))))),
                    Void.class);
            List<BulkOperation> deletes = markers.hits().hits().stream()
                    .map(hit -> BulkOperation.of(o -> o.delete(d -> d.id(hit.id()).ifSeqNo(hit.seqNo())
                            .ifPrimaryTerm(hit.primaryTerm()))))
                    .toList();
            if (deletes.isEmpty()) {
                break;
            }
            BulkResponse response = client.bulk(b -> b.index(index).refresh(Refresh.True).operations(deletes));
            removed += response.items().stream().filter(i -> i.status() == 200).count();
            if (deletes.size() < PURGE_PAGE_SIZE) {
                break;
            }
        }
        return removed;
    }

    /** A request refused as a whole (one bad document spoils a bulk body): each change alone, so only the bad fail. */
    private List<WriteOutcome> oneByOne(String index, boolean isAlias, boolean firstWrites, List<EntityChange> changes,
                                        OpenSearchException refused)
            throws IndexUnavailableException {
        if (changes.size() == 1) {
            return List.of(WriteOutcome.failed(BulkWrites.describe(refused.error(), refused.getMessage())));
        }
        List<WriteOutcome> outcomes = new ArrayList<>(changes.size());
        for (EntityChange change : changes) {
            outcomes.addAll(write(index, isAlias, firstWrites, List.of(change)));
        }
        return outcomes;
    }

    private static WriteOutcome outcome(EntityChange change, BulkResponseItem item) throws IndexUnavailableException {
        if (item.status() == 404 && change instanceof EntityChange.Forgotten
                && !"index_not_found_exception".equals(BulkWrites.type(item.error()))) {
            return WriteOutcome.SKIPPED; // nothing indexed to forget
        }
        return BulkWrites.outcome(item, change.id(),
                change instanceof EntityChange.Changed ? WriteOutcome.WRITTEN : WriteOutcome.DELETED);
    }

    // Java 17: no pattern matching in switch yet; the interface is sealed, so these three are all there is.
    private static BulkOperation operation(EntityChange change) {
        if (change instanceof EntityChange.Changed changed) {
            return upsert(changed.id(), changed.document());
        }
        if (change instanceof EntityChange.Deleted deleted) {
            return upsert(deleted.id(), deleted.marker());
        }
        Map<String, JsonData> params = Map.of("now", JsonData.of(OffsetDateTime.now().toString()));
        return BulkOperation.of(o -> o.update(u -> u.id(change.id()).retryOnConflict(3).script(BulkWrites.script(FORGET, params))));
    }

    /** The document as it is, into an index that holds nothing of it yet. */
    private static BulkOperation firstWrite(EntityChange change) {
        Object document = change instanceof EntityChange.Changed changed ? changed.document()
                : ((EntityChange.Deleted) change).marker();
        return BulkOperation.of(o -> o.index(i -> i.id(change.id()).document(document)));
    }

    private static BulkOperation upsert(String id, Object document) {
        var script = BulkWrites.script(NEWER_WINS, Map.of("doc", JsonData.of(document)));
        return BulkOperation.of(o -> o.update(u -> u.id(id).retryOnConflict(3).script(script).upsert(document)));
    }
}

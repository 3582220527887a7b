package dev.portal.search.scorecard;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

import dev.portal.search.index.BulkWrites;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.WriteOutcome;

/**
 * Writes scorecard levels onto the entities' {@code software-catalog} documents ({@code scorecardLevel}, a facet and a
 * filter). A result that arrives before its entity waits in a hidden placeholder the entity's document then takes
 * over (the catalog indexer keeps these two fields when it replaces a document); an older result never replaces a
 * newer one.
 */
@ApplicationScoped
public class ScorecardIndexer {

    static final String NEWER_WINS = """
            if (ctx._source.scorecardsAt != null && ctx._source.scorecardsAt >= params.at) {
              ctx.op = 'none';
            } else {
              ctx._source.scorecardLevel = params.levels;
              ctx._source.scorecardsAt = params.at;
            }""";

    private final OpenSearchClient client;

    public ScorecardIndexer(OpenSearchClient client) {
        this.client = client;
    }

    /**
     * Writes the changes to the catalog index (or alias), one outcome per change in order.
     *
     * @throws IndexUnavailableException when OpenSearch does not take the batch now; retry it whole
     */
    public List<WriteOutcome> write(String catalogIndex, boolean isAlias, List<ScorecardChange> changes)
            throws IndexUnavailableException {
        if (changes.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> operations = changes.stream().map(ScorecardIndexer::operation).toList();
        BulkResponse response;
        try {
            response = client.bulk(b -> b.index(catalogIndex).requireAlias(isAlias).operations(operations));
        } catch (IOException e) {
            throw new IndexUnavailableException("OpenSearch is unreachable: " + e.getMessage(), e);
        } catch (OpenSearchException e) {
            if (IndexUnavailableException.isTransient(e.status(), BulkWrites.type(e.error()))) {
                throw new IndexUnavailableException("OpenSearch refused the bulk write: " + e.getMessage(), e);
            }
            WriteOutcome refused = WriteOutcome.failed(BulkWrites.describe(e.error(), e.getMessage()));
            return changes.stream().map(change -> refused).toList();
        }
        List<WriteOutcome> outcomes = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(BulkWrites.outcome(response.items().get(i), "the scorecard levels of " + changes.get(i).entityRef(),
                    WriteOutcome.WRITTEN));
        }
        return outcomes;
    }

    private static BulkOperation operation(ScorecardChange change) {
        Map<String, JsonData> params = Map.of("levels", JsonData.of(change.levels()), "at", JsonData.of(change.evaluatedAt()));
        Map<String, Object> placeholder = new LinkedHashMap<>();
        placeholder.put("entityRef", change.entityRef());
        placeholder.put("scorecardLevel", change.levels());
        placeholder.put("scorecardsAt", change.evaluatedAt());
        placeholder.put("deleted", true); // not a search result until the entity itself is indexed
        return BulkOperation.of(o -> o.update(u -> u.id(change.entityRef()).retryOnConflict(3)
                .script(BulkWrites.script(NEWER_WINS, params)).upsert(placeholder)));
    }
}

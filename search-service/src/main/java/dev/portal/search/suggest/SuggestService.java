package dev.portal.search.suggest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;

import java.util.List;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Operator;
import org.opensearch.client.opensearch._types.query_dsl.TextQueryType;
import org.opensearch.client.opensearch.core.SearchResponse;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.search.config.SearchConfig;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.SearchIndices;
import dev.portal.search.opensearch.OpenSearchReads;

/**
 * As-you-type completion of entity names and titles: every word typed so far must match, the last one as a prefix,
 * against the {@code search_as_you_type} sub-fields (whose shingles favour words in the typed order); an exact name or
 * title first, then by score and name.
 */
@ApplicationScoped
public class SuggestService {

    private static final int MAX_TERM_LENGTH = 100;
    private static final List<String> FIELDS = List.of(
            "name.suggest^2", "name.suggest._2gram^2", "name.suggest._3gram^2",
            "title.suggest", "title.suggest._2gram", "title.suggest._3gram");

    private final OpenSearchClient client;
    private final SearchIndices indices;
    private final SearchConfig.Query config;

    public SuggestService(OpenSearchClient client, SearchIndices indices, SearchConfig config) {
        this.client = client;
        this.indices = indices;
        this.config = config.query();
    }

    public Suggestions suggest(String rawTerm, String rawLimit, String kind) {
        int limit = limit(rawLimit);
        String term = rawTerm == null ? "" : rawTerm.strip();
        if (term.codePointCount(0, term.length()) > MAX_TERM_LENGTH) {
            term = term.substring(0, term.offsetByCodePoints(0, MAX_TERM_LENGTH));
        }
        if (term.isBlank()) {
            return new Suggestions(List.of());
        }
        String text = term;
        SearchResponse<ObjectNode> response = OpenSearchReads.read("Suggestions", () -> client.search(s -> s
                    .index(indices.alias(DocumentType.SOFTWARE_CATALOG)).ignoreUnavailable(true).allowNoIndices(true).size(limit)
                    // equally good completions alphabetically: the shorter of two with a common prefix first
                    .sort(o -> o.score(sc -> sc.order(SortOrder.Desc))).sort(o -> o.field(f -> f.field("name.raw").order(SortOrder.Asc)))
                    .source(src -> src.filter(f -> f.includes("title", "name", "kind", "namespace", "entityRef", "location")))
                    .query(q -> q.bool(b -> {
                        b.must(m -> m.multiMatch(mm -> mm.query(text).type(TextQueryType.BoolPrefix).operator(Operator.And)
                                .fields(FIELDS)));
                        b.should(sh -> sh.term(t -> t.field("name.keyword").value(FieldValue.of(text)).boost(5f)));
                        b.should(sh -> sh.term(t -> t.field("title.keyword").value(FieldValue.of(text)).boost(5f)));
                        b.mustNot(n -> n.term(t -> t.field("deleted").value(FieldValue.of(true))));
                        if (kind != null && !kind.isBlank()) {
                            b.filter(f -> f.term(t -> t.field("kind").value(FieldValue.of(kind))));
                        }
                        return b;
                    })), ObjectNode.class));
        return new Suggestions(response.hits().hits().stream().map(h -> h.source()).map(SuggestService::suggestion).toList());
    }

    private static Suggestions.Suggestion suggestion(ObjectNode source) {
        return new Suggestions.Suggestion(text(source, "title"), text(source, "name"), text(source, "kind"),
                text(source, "namespace"), text(source, "entityRef"), text(source, "location"));
    }

    private static String text(ObjectNode source, String field) {
        return source.hasNonNull(field) ? source.get(field).asText() : null;
    }

    private int limit(String value) {
        if (value == null || value.isBlank()) {
            return config.defaultSuggestLimit();
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= config.maxSuggestLimit()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadRequestException("Invalid limit \"" + value + "\": expected a number from 1 to "
                + config.maxSuggestLimit());
    }
}

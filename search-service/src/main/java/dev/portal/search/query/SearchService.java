package dev.portal.search.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.aggregations.Aggregate;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.query_dsl.BoolQuery;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.TextQueryType;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.search.config.SearchConfig;
import dev.portal.search.index.DocumentType;
import dev.portal.search.index.SearchIndices;
import dev.portal.search.opensearch.OpenSearchReads;

/**
 * Answers Backstage search queries from the read aliases: a fuzzy {@code multi_match} over the text fields (so a
 * misspelt name still finds it) with extra score for an exact or phrase match of the name or title (so that ranks
 * above a mention in a description), exact case-insensitive filters, highlights, and facet counts. The term is only
 * ever passed as the text of match queries, never parsed as query syntax, so any character in it is just text.
 */
@ApplicationScoped
public class SearchService {

    /** Facet name → the keyword field aggregated (original spelling). */
    static final Map<String, String> FACETS = facets();

    /** Text fields the term is searched in, with their weight. */
    private static final List<String> SEARCHED = List.of("title^3", "name^3", "tags.text^2", "text");

    /** The short fields a misspelt term is still found in. */
    private static final List<String> FUZZY_SEARCHED = List.of("title^3", "name^3", "tags.text^2");

    /** Fields whose filter matches their case-insensitive keyword sub-field rather than the analysed text. */
    private static final Map<String, String> TEXT_FILTER_FIELDS = Map.of("title", "title.keyword", "name", "name.keyword");

    /** Past this many words typo tolerance is off: each word × field becomes up to 50 fuzzy clauses (limit 1024). */
    private static final int MAX_FUZZY_WORDS = 4;

    /** OpenSearch's default {@code index.max_result_window}. */
    private static final int RESULT_WINDOW = 10_000;

    private final OpenSearchClient client;
    private final SearchIndices indices;
    private final SearchConfig.Query config;
    /** Backstage's engine marks highlights with a random tag per instance, so it cannot collide with the text. */
    private final String tag = UUID.randomUUID().toString();

    public SearchService(OpenSearchClient client, SearchIndices indices, SearchConfig config) {
        this.client = client;
        this.indices = indices;
        this.config = config.query();
    }

    public SearchResultSet search(SearchQuery query) {
        List<String> aliases = aliases(query);
        if (aliases.isEmpty()) {
            return new SearchResultSet(List.of(), null, null, 0, Map.of());
        }
        long from = (long) query.page() * query.limit();
        if (from + query.limit() > RESULT_WINDOW) {
            throw new BadRequestException("The page cursor points past the first " + RESULT_WINDOW
                    + " results; narrow the search instead");
        }
        SearchRequest request = request(query, aliases, (int) from);
        SearchResponse<ObjectNode> response = execute(request);
        long total = response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
        List<SearchResultSet.Result> results = new ArrayList<>();
        int rank = (int) from;
        for (Hit<ObjectNode> hit : response.hits().hits()) {
            rank++;
            String type = indices.typeOf(hit.index()).map(DocumentType::id).orElse(hit.index());
            results.add(new SearchResultSet.Result(type, hit.source(), highlight(hit), rank));
        }
        String next = total > from + query.limit() ? PageCursor.encode(query.page() + 1) : null;
        String previous = query.page() > 0 ? PageCursor.encode(query.page() - 1) : null;
        return new SearchResultSet(results, next, previous, total, facets(response));
    }

    private List<String> aliases(SearchQuery query) {
        if (query.types().isEmpty()) {
            return List.of(DocumentType.values()).stream().map(indices::alias).toList();
        }
        // A type this service does not index matches nothing, as in Backstage's engines.
        return query.types().stream().flatMap(t -> DocumentType.of(t).stream()).map(indices::alias).toList();
    }

    private SearchRequest request(SearchQuery query, List<String> aliases, int from) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        if (query.term().isEmpty()) {
            bool.must(q -> q.matchAll(m -> m));
        } else {
            bool.must(textMatch(query.term()));
            String term = query.term();
            // An exact name or title outranks every mention elsewhere; a phrase in them comes next.
            bool.should(q -> q.term(t -> t.field("name.keyword").value(FieldValue.of(term)).boost(10f)));
            bool.should(q -> q.term(t -> t.field("title.keyword").value(FieldValue.of(term)).boost(10f)));
            bool.should(q -> q.matchPhrase(m -> m.field("name").query(term).boost(3f)));
            bool.should(q -> q.matchPhrase(m -> m.field("title").query(term).boost(3f)));
        }
        for (Map.Entry<String, List<String>> filter : query.filters().entrySet()) {
            String field = TEXT_FILTER_FIELDS.getOrDefault(filter.getKey(), filter.getKey());
            List<Query> anyOf = filter.getValue().stream()
                    .map(value -> Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))))).toList();
            bool.filter(q -> q.bool(b -> b.should(anyOf).minimumShouldMatch("1")));
        }
        bool.mustNot(q -> q.term(t -> t.field("deleted").value(FieldValue.of(true))));
        Query root = Query.of(q -> q.bool(bool.build()));

        SearchRequest.Builder search = new SearchRequest.Builder().index(aliases).ignoreUnavailable(true)
                .allowNoIndices(true).from(from).size(query.limit()).trackTotalHits(t -> t.enabled(true))
                .query(root).source(s -> s.filter(f -> f.excludes("deleted", "deletedAt", "scorecardsAt", "buildTimestamp")));
        FACETS.forEach((name, field) -> search.aggregations(name,
                Aggregation.of(a -> a.terms(t -> t.field(field).size(config.facetSize())))));
        if (!query.term().isEmpty()) {
            search.highlight(h -> h.preTags("<" + tag + ">").postTags("</" + tag + ">").requireFieldMatch(false)
                    .fragmentSize(1000).numberOfFragments(1)
                    .fields("title", f -> f).fields("text", f -> f).fields("name", f -> f));
        }
        return search.build();
    }

    /**
     * The term in the searched fields; in names and titles also with typos forgiven (AUTO: 1 edit from 3 letters, 2
     * from 6). Fuzzy matching stays out of the long texts (descriptions, docs pages): there it costs most of a query's
     * time, and a misspelt word is searched for in a name far more often than in prose.
     */
    private static Query textMatch(String term) {
        Query exact = Query.of(q -> q.multiMatch(m -> m.query(term).fields(SEARCHED).type(TextQueryType.BestFields)
                .tieBreaker(0.3)));
        if (term.split("\\s+").length > MAX_FUZZY_WORDS) {
            return exact;
        }
        Query forgiving = Query.of(q -> q.multiMatch(m -> m.query(term).fields(FUZZY_SEARCHED)
                .type(TextQueryType.BestFields).tieBreaker(0.3).fuzziness("AUTO").prefixLength(1).maxExpansions(50)));
        return Query.of(q -> q.bool(b -> b.should(exact).should(forgiving).minimumShouldMatch("1")));
    }

    private SearchResponse<ObjectNode> execute(SearchRequest request) {
        return OpenSearchReads.read("Search", () -> client.search(request, ObjectNode.class));
    }

    private SearchResultSet.Highlight highlight(Hit<ObjectNode> hit) {
        if (hit.highlight() == null || hit.highlight().isEmpty()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        hit.highlight().forEach((field, fragments) -> fields.put(field, String.join(" ... ", fragments)));
        return new SearchResultSet.Highlight("<" + tag + ">", "</" + tag + ">", fields);
    }

    private static Map<String, List<SearchResultSet.FacetValue>> facets(SearchResponse<ObjectNode> response) {
        Map<String, List<SearchResultSet.FacetValue>> facets = new LinkedHashMap<>();
        for (String name : FACETS.keySet()) {
            Aggregate aggregate = response.aggregations().get(name);
            List<SearchResultSet.FacetValue> values = new ArrayList<>();
            if (aggregate != null && aggregate.isSterms()) {
                aggregate.sterms().buckets().array().forEach(b -> values.add(new SearchResultSet.FacetValue(b.key(), b.docCount())));
            }
            facets.put(name, values);
        }
        return facets;
    }

    private static Map<String, String> facets() {
        Map<String, String> facets = new LinkedHashMap<>();
        facets.put("kind", "kind.raw");
        facets.put("type", "type.raw");
        facets.put("owner", "owner.raw");
        facets.put("lifecycle", "lifecycle.raw");
        facets.put("tags", "tags.raw");
        facets.put("scorecardLevel", "scorecardLevel.raw");
        return facets;
    }
}

package dev.portal.gateway.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.identity.CurrentCaller;
import dev.portal.gateway.GatewayError;
import dev.portal.gateway.api.EntityApiSupport;
import dev.portal.gateway.api.Relations;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;
import dev.portal.gateway.schema.Entity;
import dev.portal.gateway.schema.KeyValue;
import dev.portal.gateway.schema.PageInfo;

/** Full-text search over search-service (Backstage's query API), with facets and highlights. */
@GraphQLApi
@io.smallrye.common.annotation.Blocking
public class SearchApi {

    private final Downstream downstream;
    private final CurrentCaller caller;
    private final Relations relations;

    public SearchApi(Downstream downstream, CurrentCaller caller, Relations relations) {
        this.downstream = downstream;
        this.caller = caller;
        this.relations = relations;
    }

    /** Edge cursors: the rank of the edge's result, after which the next page starts. */
    static final String RANK_CURSOR = "rank.";

    @Query("search")
    @Description("Search entities and docs: term (typo-tolerant), document types (e.g. software-catalog, techdocs),"
            + " exact filters (kind, owner, lifecycle, type, tags…), paged by first/after (pageInfo.endCursor or any"
            + " edge's cursor: the page then starts right after that result); facets count the whole result set.")
    public SearchTypes.Connection search(@Name("term") @DefaultValue("") String term, @Name("types") List<String> types,
                                         @Name("filters") List<SearchTypes.Filter> filters,
                                         @Name("first") @DefaultValue("25") int first, @Name("after") String after) {
        caller.identity();
        if (first < 1 || first > 100) {
            throw new GatewayError.BadInput("first must be between 1 and 100");
        }
        StringBuilder q = new StringBuilder("/api/search/query?term=").append(EntityApiSupport.enc(term == null ? "" : term))
                .append("&pageLimit=").append(first);
        if (types != null) {
            types.forEach(t -> q.append("&types=").append(EntityApiSupport.enc(t)));
        }
        if (filters != null) {
            for (SearchTypes.Filter f : filters) {
                for (String v : f.values) {
                    q.append("&filters%5B").append(EntityApiSupport.enc(f.field)).append("%5D=").append(EntityApiSupport.enc(v));
                }
            }
        }
        // search-service pages by page number (Backstage's cursor: the number in base64): the results after a rank
        // are in its page and, unless the rank ends one, the next
        int afterRank = rankOf(after);
        String cursor = after;
        int skip = 0;
        int page = 0;
        if (afterRank >= 0) {
            page = afterRank / first;
            skip = afterRank % first;
            cursor = page == 0 ? null : pageCursor(page);
        }
        JsonNode body = downstream.get(Service.SEARCH, q + (cursor == null ? "" : "&pageCursor=" + EntityApiSupport.enc(cursor)));
        List<JsonNode> results = new ArrayList<>();
        body.path("results").forEach(results::add);
        if (skip > 0 && body.path("nextPageCursor").asText(null) != null) {
            downstream.get(Service.SEARCH, q + "&pageCursor=" + EntityApiSupport.enc(pageCursor(page + 1)))
                    .path("results").forEach(results::add);
        }
        List<SearchTypes.Edge> edges = new ArrayList<>();
        for (JsonNode r : results.subList(Math.min(skip, results.size()), Math.min(skip + first, results.size()))) {
            JsonNode doc = r.path("document");
            JsonNode h = r.path("highlight");
            SearchTypes.Highlight highlight = null;
            if (h.isObject()) {
                List<KeyValue> fields = new ArrayList<>();
                h.path("fields").fields().forEachRemaining(e -> fields.add(new KeyValue(e.getKey(), e.getValue().asText())));
                highlight = new SearchTypes.Highlight(h.path("preTag").asText(null), h.path("postTag").asText(null), fields);
            }
            String entityRef = doc.path("entityRef").asText(null);
            SearchTypes.Result result = new SearchTypes.Result(r.path("type").asText(), r.path("rank").asInt(),
                    doc.path("title").asText(null), doc.path("text").asText(null), doc.path("location").asText(null),
                    entityRef, doc.toString(), highlight);
            edges.add(new SearchTypes.Edge(RANK_CURSOR + result.rank(), result));
        }
        List<SearchTypes.Facet> facets = new ArrayList<>();
        body.path("facets").fields().forEachRemaining(e -> {
            List<SearchTypes.FacetValue> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(new SearchTypes.FacetValue(v.path("value").asText(), v.path("count").asLong())));
            facets.add(new SearchTypes.Facet(e.getKey(), values));
        });
        long total = body.path("numberOfResults").asLong();
        String start = edges.isEmpty() ? null : edges.get(0).cursor();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        boolean hasNext = end != null && total > edges.get(edges.size() - 1).node().rank();
        boolean hasPrevious = start != null ? edges.get(0).node().rank() > 1
                : afterRank > 0 || body.path("previousPageCursor").asText(null) != null;
        return new SearchTypes.Connection(edges, new PageInfo(hasNext, hasPrevious, start, hasNext ? end : null), total, facets);
    }

    /** The rank an edge cursor names: 0 for none, -1 for search-service's own page cursor. */
    private static int rankOf(String after) {
        if (after == null) {
            return 0;
        }
        if (!after.startsWith(RANK_CURSOR)) {
            return -1;
        }
        try {
            int rank = Integer.parseInt(after.substring(RANK_CURSOR.length()));
            if (rank >= 0) {
                return rank;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new GatewayError.BadInput("after is not a cursor this API gave out");
    }

    private static String pageCursor(int page) {
        return Base64.getEncoder().encodeToString(Integer.toString(page).getBytes(StandardCharsets.UTF_8));
    }

    @Name("entity")
    @Description("The catalog entity of a result, batched over all results")
    public List<Entity> entity(@Source List<SearchTypes.Result> results) {
        List<List<String>> refs = results.stream().map(r -> r.entityRef() == null ? List.<String>of() : List.of(r.entityRef())).toList();
        List<String> all = refs.stream().flatMap(List::stream).toList();
        return relations.resolve(refs, all).stream().map(l -> l.isEmpty() ? null : l.get(0)).toList();
    }
}

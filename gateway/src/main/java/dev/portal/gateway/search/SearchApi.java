package dev.portal.gateway.search;

import java.util.ArrayList;
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

    @Query("search")
    @Description("Search entities and docs: term (typo-tolerant), document types (e.g. software-catalog, techdocs),"
            + " exact filters (kind, owner, lifecycle, type, tags…), paged by first/after; facets count the whole result set.")
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
        if (after != null) {
            q.append("&pageCursor=").append(EntityApiSupport.enc(after));
        }
        JsonNode body = downstream.get(Service.SEARCH, q.toString());
        List<SearchTypes.Edge> edges = new ArrayList<>();
        for (JsonNode r : body.path("results")) {
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
            edges.add(new SearchTypes.Edge(String.valueOf(result.rank()), result));
        }
        List<SearchTypes.Facet> facets = new ArrayList<>();
        body.path("facets").fields().forEachRemaining(e -> {
            List<SearchTypes.FacetValue> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(new SearchTypes.FacetValue(v.path("value").asText(), v.path("count").asLong())));
            facets.add(new SearchTypes.Facet(e.getKey(), values));
        });
        String next = body.path("nextPageCursor").asText(null);
        String prev = body.path("previousPageCursor").asText(null);
        return new SearchTypes.Connection(edges, new PageInfo(next != null, prev != null, prev, next),
                body.path("numberOfResults").asLong(), facets);
    }

    @Name("entity")
    @Description("The catalog entity of a result, batched over all results")
    public List<Entity> entity(@Source List<SearchTypes.Result> results) {
        List<List<String>> refs = results.stream().map(r -> r.entityRef() == null ? List.<String>of() : List.of(r.entityRef())).toList();
        List<String> all = refs.stream().flatMap(List::stream).toList();
        return relations.resolve(refs, all).stream().map(l -> l.isEmpty() ? null : l.get(0)).toList();
    }
}

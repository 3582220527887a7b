package dev.portal.gateway.search;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.schema.KeyValue;
import dev.portal.gateway.schema.PageInfo;

/** Types of the search query. */
public final class SearchTypes {

    private SearchTypes() {
    }

    @Input("SearchFilter")
    @Description("Exact (case-insensitive) filter on a document field, e.g. kind or owner; several values = any of them")
    public static class Filter {
        @NonNull
        public String field;
        @NonNull
        public List<String> values;
    }

    @Type("SearchConnection")
    public record Connection(List<Edge> edges, PageInfo pageInfo, long totalCount, List<Facet> facets) {
    }

    @Type("SearchEdge")
    public record Edge(@Description("Pass it as after to continue right after this result") String cursor, Result node) {
    }

    @Type("SearchResult")
    public record Result(String type, int rank, String title, String text, String location,
                         @Description("For catalog results: the entity's ref; resolve it with entity") String entityRef,
                         @Description("The whole document as JSON text") String documentJson, Highlight highlight) {
    }

    @Type("SearchHighlight")
    @Description("Matched fragments per field, the matches wrapped in preTag … postTag")
    public record Highlight(String preTag, String postTag, List<KeyValue> fields) {
    }

    @Type("SearchFacet")
    public record Facet(String field, List<FacetValue> values) {
    }

    @Type("SearchFacetValue")
    public record FacetValue(String value, long count) {
    }
}

package dev.portal.search.query;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Backstage's search response ({@code SearchResultSet}), plus {@code facets}: for each facet field, its values in the
 * whole result set (not just this page) with how many results have each, most frequent first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchResultSet(List<Result> results, String nextPageCursor, String previousPageCursor,
                              long numberOfResults, Map<String, List<FacetValue>> facets) {

    /** One hit: its document type, the document, where the term matched, and its 1-based rank in the result set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String type, JsonNode document, Highlight highlight, int rank) {
    }

    /** Matched fragments per field, the matches wrapped in {@code preTag} … {@code postTag}. */
    public record Highlight(String preTag, String postTag, Map<String, String> fields) {
    }

    public record FacetValue(String value, long count) {
    }
}

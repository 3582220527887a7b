package dev.portal.search.query;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.portal.search.config.SearchConfig;

/** Backstage's search query API: {@code GET /api/search/query}. */
@Path("/api/search/query")
public class SearchQueryResource {

    private final SearchService search;
    private final SearchConfig config;

    public SearchQueryResource(SearchService search, SearchConfig config) {
        this.search = search;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the catalog (Backstage's query API, with facets)",
            description = "Also: types[] (or types, types[0]) to pick document types, and filters[<field>]=<value> for "
                    + "exact, case-insensitive filters; a repeated filter (or filters[<field>][]) matches any value.")
    public SearchResultSet query(
            @Parameter(description = "Text to search for; empty matches everything") @QueryParam("term") String term,
            @Parameter(description = "Opaque cursor from a previous response") @QueryParam("pageCursor") String pageCursor,
            @Parameter(description = "Results per page, 1 to 100 (default 25)") @QueryParam("pageLimit") String pageLimit,
            @Context UriInfo uri) {
        return search.search(SearchQuery.from(uri.getQueryParameters(true), config.query()));
    }
}

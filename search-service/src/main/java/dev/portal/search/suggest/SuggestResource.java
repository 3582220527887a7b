package dev.portal.search.suggest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /api/search/suggest?term=}: as-you-type completion of entity names and titles. */
@Path("/api/search/suggest")
public class SuggestResource {

    private final SuggestService suggestions;

    public SuggestResource(SuggestService suggestions) {
        this.suggestions = suggestions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Complete an entity name or title as it is typed")
    public Suggestions suggest(
            @Parameter(description = "What was typed so far; the last word counts as a prefix") @QueryParam("term") String term,
            @Parameter(description = "How many suggestions, 1 to 50 (default 10)") @QueryParam("limit") String limit,
            @Parameter(description = "Only entities of this kind, e.g. Component") @QueryParam("kind") String kind) {
        return suggestions.suggest(term, limit, kind);
    }
}

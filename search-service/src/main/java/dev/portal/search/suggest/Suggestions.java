package dev.portal.search.suggest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The response of {@code GET /api/search/suggest}: completions, best first. */
public record Suggestions(List<Suggestion> suggestions) {

    /** One completion: the entity's title and name as they are written, and where its page is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suggestion(String title, String name, String kind, String namespace, String entityRef,
                             String location) {
    }
}

package dev.portal.scorecard.definition;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which entities a check or scorecard applies to; each list is an OR of case-insensitive values, the lists are
 * ANDed, and an empty list means "any". {@code types} match {@code spec.type}, {@code lifecycles} {@code spec.lifecycle},
 * {@code tags} any of {@code metadata.tags}.
 */
public record EntityFilter(List<String> kinds, List<String> types, List<String> lifecycles, List<String> tags) {

    public static final EntityFilter ANY = new EntityFilter(List.of(), List.of(), List.of(), List.of());

    public EntityFilter {
        kinds = lower(kinds);
        types = lower(types);
        lifecycles = lower(lifecycles);
        tags = lower(tags);
    }

    private static List<String> lower(List<String> values) {
        return values == null ? List.of() : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }

    public boolean matches(JsonNode entity) {
        if (!kinds.isEmpty() && !kinds.contains(entity.path("kind").asText("").toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!types.isEmpty() && !types.contains(entity.path("spec").path("type").asText("").toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!lifecycles.isEmpty()
                && !lifecycles.contains(entity.path("spec").path("lifecycle").asText("").toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (!tags.isEmpty()) {
            for (JsonNode tag : entity.path("metadata").path("tags")) {
                if (tags.contains(tag.asText("").toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** Whether an entity of this kind could match (used to scope re-evaluations). */
    public boolean mayMatchKind(String kind) {
        return kinds.isEmpty() || kinds.contains(kind.toLowerCase(Locale.ROOT));
    }
}

package dev.portal.events.payload;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Value of {@code dev.portal.fact.reported.v1} on {@code portal.facts}: facts an integration observed about the
 * entity in the record key, for scorecard checks.
 *
 * @param source     who reported the facts (e.g. {@code github-actions}); facts are grouped per source
 * @param facts      fact name → JSON value (string, number, boolean, list, object or null)
 * @param observedAt when the facts were observed; optional
 */
public record FactReported(String source, Map<String, Object> facts, Instant observedAt) {

    public FactReported {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("FactReported.source must not be blank");
        }
        Objects.requireNonNull(facts, "FactReported.facts must not be null");
        // Unmodifiable copy; LinkedHashMap rather than Map.copyOf because a fact's value may be JSON null.
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}

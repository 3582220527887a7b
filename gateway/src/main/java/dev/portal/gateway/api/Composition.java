package dev.portal.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.portal.gateway.docs.DocsClient;
import dev.portal.gateway.docs.DocsInfo;
import dev.portal.gateway.integration.IntegrationLink;
import dev.portal.gateway.integration.IntegrationLinks;
import dev.portal.gateway.scorecard.EntityScorecard;
import dev.portal.gateway.scorecard.ScorecardClient;
import dev.portal.gateway.schema.BaseEntity;

/**
 * docs, scorecards and integrations of a batch of entities: what {@link CompositionCache} does not hold costs one
 * TechDocs call and one scorecards call per batch. A service that is down fails only its own field (GraphQL errors
 * with extensions.code SERVICE_UNAVAILABLE and extensions.service), the rest of the page still answers.
 */
@ApplicationScoped
public class Composition {

    private final DocsClient docs;
    private final ScorecardClient scorecards;
    private final IntegrationLinks integrations;
    private final CompositionCache cache;

    public Composition(DocsClient docs, ScorecardClient scorecards, IntegrationLinks integrations, CompositionCache cache) {
        this.docs = docs;
        this.scorecards = scorecards;
        this.integrations = integrations;
        this.cache = cache;
    }

    public List<DocsInfo> docs(List<? extends BaseEntity> sources) {
        Map<String, DocsInfo> found = cache.docs().get(refs(sources), missing -> {
            Map<String, DocsInfo> loaded = docs.docs(missing);
            // no docs is an answer too (most entities have none): kept like the others
            missing.forEach(ref -> loaded.computeIfAbsent(ref, r -> new DocsInfo(r, false, "none", null, null, null, null, 0,
                    List.of(), List.of())));
            return loaded;
        });
        List<DocsInfo> result = new ArrayList<>(sources.size());
        sources.forEach(e -> result.add(found.get(e.getRef())));
        return result;
    }

    public List<List<EntityScorecard>> scorecards(List<? extends BaseEntity> sources) {
        Map<String, List<EntityScorecard>> found = cache.scorecards().get(refs(sources), missing -> {
            Map<String, List<EntityScorecard>> loaded = scorecards.scorecards(missing);
            missing.forEach(ref -> loaded.putIfAbsent(ref, List.of()));
            return loaded;
        });
        List<List<EntityScorecard>> result = new ArrayList<>(sources.size());
        sources.forEach(e -> result.add(found.getOrDefault(e.getRef(), List.of())));
        return result;
    }

    public List<IntegrationLink> integrations(BaseEntity source) {
        return integrations.links(source.json());
    }

    private static List<String> refs(List<? extends BaseEntity> sources) {
        return sources.stream().map(BaseEntity::getRef).distinct().toList();
    }
}

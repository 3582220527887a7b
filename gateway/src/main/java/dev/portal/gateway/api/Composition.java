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
 * docs, scorecards and integrations of a batch of entities: one TechDocs call and one scorecards call per batch. A
 * service that is down fails only its own field (GraphQL errors with extensions.code SERVICE_UNAVAILABLE and
 * extensions.service), the rest of the page still answers.
 */
@ApplicationScoped
public class Composition {

    private final DocsClient docs;
    private final ScorecardClient scorecards;
    private final IntegrationLinks integrations;

    public Composition(DocsClient docs, ScorecardClient scorecards, IntegrationLinks integrations) {
        this.docs = docs;
        this.scorecards = scorecards;
        this.integrations = integrations;
    }

    public List<DocsInfo> docs(List<? extends BaseEntity> sources) {
        Map<String, DocsInfo> found = docs.docs(refs(sources));
        List<DocsInfo> result = new ArrayList<>(sources.size());
        for (BaseEntity e : sources) {
            DocsInfo info = found.get(e.getRef());
            result.add(info != null ? info : new DocsInfo(e.getRef(), false, "none", null, null, null, null, 0, List.of(), List.of()));
        }
        return result;
    }

    public List<List<EntityScorecard>> scorecards(List<? extends BaseEntity> sources) {
        Map<String, List<EntityScorecard>> found = scorecards.scorecards(refs(sources));
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

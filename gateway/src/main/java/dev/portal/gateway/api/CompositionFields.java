package dev.portal.gateway.api;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import dev.portal.gateway.docs.DocsClient;
import dev.portal.gateway.docs.DocsInfo;
import dev.portal.gateway.integration.IntegrationLink;
import dev.portal.gateway.scorecard.EntityScorecard;
import dev.portal.gateway.schema.BaseEntity;
import dev.portal.gateway.schema.Entity;
import io.smallrye.common.annotation.Blocking;

/** docs, scorecards and integrations on every entity, batched per query level ({@code @Source List}). */
@GraphQLApi
@Blocking
public class CompositionFields {

    private final Composition composition;
    private final DocsClient docsClient;

    public CompositionFields(Composition composition, DocsClient docsClient) {
        this.composition = composition;
        this.docsClient = docsClient;
    }

    @Name("page")
    @Description("One page of the docs by its path (e.g. index.md): sanitised HTML and table of contents; null if absent")
    public DocsInfo.Page page(@Source DocsInfo docs, @NonNull @Name("path") String path) {
        return docs.hasDocs() ? docsClient.page(docs.entityRef(), path) : null;
    }

    @Name("docs")
    @Description("TechDocs of the entity")
    public List<DocsInfo> docs(@Source List<Entity> sources) {
        return composition.docs(base(sources));
    }

    @Name("scorecards")
    @Description("Scorecards of the entity: level per scorecard, checks with remediation")
    public List<List<EntityScorecard>> scorecards(@Source List<Entity> sources) {
        return composition.scorecards(base(sources));
    }

    @Name("integrations")
    @Description("Links to tools from well-known annotations (operator-configured URL templates) plus metadata.links")
    public List<IntegrationLink> integrations(@Source Entity source) {
        return composition.integrations((BaseEntity) source);
    }

    private static List<BaseEntity> base(List<Entity> sources) {
        return sources.stream().map(BaseEntity.class::cast).toList();
    }
}

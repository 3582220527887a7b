package dev.portal.gateway.viewer;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import dev.portal.gateway.schema.Entity;

/** Output types of the viewer's fields. */
public final class ViewerTypes {

    private ViewerTypes() {
    }

    @Type("OwnedKind")
    @Description("What the viewer owns of one kind")
    public record OwnedKind(String kind, int count, List<Entity> entities) {
    }

    @Type("ScorecardLevelCount")
    public record LevelCount(@Description("The level, or null for entities at no level yet") String level, int count) {
    }

    @Type("ScorecardSummary")
    @Description("One scorecard over everything the viewer owns: how many entities reach each level")
    public record ScorecardSummary(String scorecardId, String title, int entities, List<LevelCount> levels,
                                   int failingChecks) {
    }

    @Type("FailingCheck")
    @Description("A failing check on something the viewer owns, with how to fix it")
    public record FailingCheck(Entity entity, String entityRef, String scorecardId, String scorecardTitle, String checkId,
                               String title, String level, String message, String remediation) {
    }
}

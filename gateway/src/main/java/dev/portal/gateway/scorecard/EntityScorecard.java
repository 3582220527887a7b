package dev.portal.gateway.scorecard;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("Scorecard")
@Description("A scorecard's result for one entity: the level reached (null when none) and every check.")
public record EntityScorecard(String entityRef, String id, String title, String level, List<String> levels,
                              String lastChangedAt, List<Check> checks) {

    @Type("ScorecardCheck")
    public record Check(String id, String title, String level,
                        @Description("pass, fail, exempt or error") String status, String message,
                        @Description("How to make the check pass") String remediation, Exemption exemption) {
    }

    @Type("Exemption")
    public record Exemption(String id, String entityRef, String checkId, String justification, String expiresAt,
                            String createdBy) {
    }
}

package dev.portal.scorecard.evaluation;

import java.util.List;

/**
 * An entity's standing on one scorecard.
 *
 * @param level the highest level reached, or null
 */
public record ScorecardResult(String scorecardId, String level, List<CheckResult> checks) {

    /**
     * @param message     the error message for {@code error}; null otherwise
     * @param exemptionId the exemption that made the check {@code exempt}
     */
    public record CheckResult(String id, String level, CheckStatus status, String message, String exemptionId) {
    }

    /** Whether the outcome differs from another result (level or any check's status or message). */
    public boolean sameOutcome(ScorecardResult other) {
        return other != null && java.util.Objects.equals(level, other.level) && checks.equals(other.checks);
    }
}

package dev.portal.events.payload;

import java.time.Instant;
import java.util.List;

/**
 * Value of {@code dev.portal.scorecard.evaluated.v1} on {@code portal.scorecard.changes}: an entity's scorecard
 * results changed. Published only on a change; the latest per entity is its current standing (the topic is compacted).
 *
 * @param entityRef   the scored entity (canonical ref, also the record key)
 * @param evaluatedAt when the evaluation ran
 * @param scorecards  one result per scorecard whose filter the entity matches
 */
public record ScorecardEvaluated(String entityRef, Instant evaluatedAt, List<Result> scorecards) {

    public ScorecardEvaluated {
        scorecards = scorecards == null ? List.of() : List.copyOf(scorecards);
    }

    /**
     * @param scorecardId the scorecard's id
     * @param level       the highest level reached, or null when not even the first one is
     * @param checks      every check of the scorecard with its outcome
     */
    public record Result(String scorecardId, String title, String level, List<Check> checks) {

        public Result {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /** @param status {@code pass}, {@code fail}, {@code exempt} or {@code error} */
    public record Check(String checkId, String status) {
    }
}

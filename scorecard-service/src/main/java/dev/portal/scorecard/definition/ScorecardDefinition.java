package dev.portal.scorecard.definition;

import java.util.List;

/**
 * A scorecard: ordered levels (lowest first), each with the ids of its checks. An entity's level is the highest one
 * whose checks, and those of every lower level, all pass.
 */
public record ScorecardDefinition(String id, String title, String description, EntityFilter filter, List<Level> levels) {

    public ScorecardDefinition {
        filter = filter == null ? EntityFilter.ANY : filter;
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public record Level(String name, List<String> checks) {
        public Level {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    public List<String> levelNames() {
        return levels.stream().map(Level::name).toList();
    }

    public List<String> checkIds() {
        return levels.stream().flatMap(l -> l.checks().stream()).toList();
    }
}

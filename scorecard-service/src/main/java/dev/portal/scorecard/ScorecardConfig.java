package dev.portal.scorecard;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** scorecard-service settings ({@code portal.scorecards.*}). */
@ConfigMapping(prefix = "portal.scorecards")
public interface ScorecardConfig {

    /** An operator's folder of definition YAML files (e.g. a mounted ConfigMap), loaded after the starter scorecard. */
    Optional<String> definitionsDir();

    /** Whether the starter "Production readiness" scorecard (a classpath resource) is loaded. */
    @WithDefault("true")
    boolean starterDefinitions();

    /** Evaluation cost limit per check and entity: the number of sub-expressions CEL may evaluate. */
    @WithDefault("100000")
    long costLimit();

    /** CEL's limit on the iterations of one comprehension (all, exists, map, filter). */
    @WithDefault("10000")
    int maxComprehensionIterations();

    /** How long a source's latest facts about an entity count; older ones are dropped and the entity re-evaluated. */
    @WithDefault("30d")
    Duration factRetention();

    /** How often expired exemptions and facts are looked for. */
    @WithDefault("30s")
    Duration sweepInterval();

    /** Entities per transaction when re-evaluating everything a definition change touches. */
    @WithDefault("1000")
    int reevaluationBatchSize();
}

package dev.portal.scorecard.cel;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import dev.portal.scorecard.ScorecardConfig;

/** The one CEL engine of the service, configured with the cost limits. */
public class CelEngineProducer {

    @Produces
    @Singleton
    CelEngine engine(ScorecardConfig config) {
        return new CelEngine(config.costLimit(), config.maxComprehensionIterations());
    }
}

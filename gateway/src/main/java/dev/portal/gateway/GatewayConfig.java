package dev.portal.gateway;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's own settings: where the services are, how long to wait for them, how big the entity cache is. */
@ConfigMapping(prefix = "portal.gateway")
public interface GatewayConfig {

    @WithDefault("http://127.0.0.1:8081")
    String catalogUrl();

    @WithDefault("http://127.0.0.1:8082")
    String searchUrl();

    @WithDefault("http://127.0.0.1:8083")
    String techdocsUrl();

    @WithDefault("http://127.0.0.1:8084")
    String scorecardUrl();

    /** Every downstream read gives up after this long. */
    @WithDefault("PT2S")
    Duration timeout();

    /**
     * A mutation's downstream call waits this long: it changes something, so giving up early would report a failure
     * for a write that then succeeds (and whose retry is refused as a duplicate).
     */
    @WithDefault("PT15S")
    Duration writeTimeout();

    /** Consecutive failures of one service that open its circuit breaker. */
    @WithDefault("5")
    int breakerFailureThreshold();

    /** How long an open breaker fails fast before letting one trial call through. */
    @WithDefault("PT10S")
    Duration breakerOpenFor();

    /** Entities the event-fed cache keeps (least recently used ones go first). */
    @WithDefault("100000")
    int cacheMaxEntities();

    /** TechDocs' and the scorecards' answers kept per service (entities; least recently used ones go first). */
    @WithDefault("20000")
    int compositionCacheMaxEntities();

    /**
     * The longest a kept TechDocs or scorecards answer is served: their change topics invalidate it at once, this only
     * bounds the damage should an invalidation ever be missed.
     */
    @WithDefault("PT5M")
    Duration compositionCacheMaxAge();

    /** Whether the caches follow the change topics (off only in tests that need no Kafka). */
    @WithDefault("true")
    boolean cacheEnabled();

    /** Query limits, applied by dev.portal.gateway.limits.QueryLimits (see application.properties). */
    QueryLimits queryLimits();

    /** Deepest operation allowed (introspection not counted). */
    @WithDefault("12")
    int maxDepth();

    /** Most fields in an operation, aliases included (introspection not counted). */
    @WithDefault("1000")
    int maxComplexity();

    /** Most items of a list in a variable. */
    @WithDefault("1000")
    int maxListItems();

    /** Plain properties read by their getters, see dev.portal.gateway.schema.PlainFieldFetchers. */
    PlainFieldFetchers plainFieldFetchers();

    interface PlainFieldFetchers {
        /** Read by SmallRye GraphQL (EventingService config key) to install them. */
        @WithDefault("true")
        boolean enabled();
    }

    interface QueryLimits {
        /** Read by SmallRye GraphQL (EventingService config key) to install the limits. */
        @WithDefault("true")
        boolean enabled();
    }

    /**
     * Integration links: id → URL template. {@code {<annotation key>}} placeholders take the entity's annotation
     * values (URL-path-safe); a link is only produced when every placeholder has a value.
     */
    Map<String, String> integration();

    /** Display titles of the integration ids (default: the id). */
    Map<String, String> integrationTitle();
}

package dev.portal.search.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the search service indexes and answers queries. */
@ConfigMapping(prefix = "portal.search")
public interface SearchConfig {

    Query query();

    Indexing indexing();

    interface Query {
        /** Results per page when a query names no {@code pageLimit} (Backstage's default). */
        @WithDefault("25")
        int defaultPageLimit();

        /** The largest {@code pageLimit} accepted; above it a query is an InputError (Backstage's ceiling). */
        @WithDefault("100")
        int maxPageLimit();

        /**
         * Characters of {@code term} that are searched; the rest is ignored, so a pasted stack trace stays one cheap
         * query instead of thousands of fuzzy clauses.
         */
        @WithDefault("200")
        int maxTermLength();

        /** Values per facet in a query's response. */
        @WithDefault("20")
        int facetSize();

        /** Suggestions returned by {@code /suggest} when no {@code limit} is given, and the most it accepts. */
        @WithDefault("10")
        int defaultSuggestLimit();

        @WithDefault("50")
        int maxSuggestLimit();
    }

    interface Indexing {
        /** Records read from Kafka per poll, written to OpenSearch in one bulk request. */
        @WithDefault("1000")
        int batchSize();

        /** Wait before retrying a bulk write OpenSearch did not take (it grows to {@link #maxRetryBackoff()}). */
        @WithDefault("PT0.5S")
        Duration retryBackoff();

        @WithDefault("PT5S")
        Duration maxRetryBackoff();

        /**
         * How long the marker of a deleted entity is kept, so a late duplicate of one of its earlier changes cannot
         * bring it back (Kafka keeps a compacted topic's delete markers for 24 h by default, too).
         */
        @WithDefault("PT24H")
        Duration deletedRetention();
    }
}

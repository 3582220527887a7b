package dev.portal.search.opensearch;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the search index lives, and how its indices are named and replicated. */
@ConfigMapping(prefix = "portal.opensearch")
public interface OpenSearchConfig {

    /** Base URL of the OpenSearch HTTP API, e.g. {@code http://127.0.0.1:59200}. */
    String url();

    /** Prefix of every index and alias this service owns (tests use their own to stay isolated). */
    @WithDefault("portal-")
    String indexPrefix();

    /** Basic-auth user, when the cluster requires one (the Helm chart sets it from a Secret). */
    Optional<String> username();

    Optional<String> password();

    /** {@code number_of_replicas} of new indices: 0 on a single local node. */
    @WithDefault("1")
    int replicas();

    /**
     * How often an index makes what was written searchable ({@code refresh_interval}). It bounds freshness: a change
     * waits for the next refresh, so the interval is most of the time from a catalog commit to a search hit.
     */
    @WithDefault("PT0.25S")
    Duration refreshInterval();

    /** {@code number_of_shards} of new indices: one shard holds a few hundred thousand small documents well. */
    @WithDefault("1")
    int shards();
}

package dev.portal.search.opensearch;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opensearch.client.ResponseException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;

import dev.portal.search.index.DocumentType;
import dev.portal.search.index.SearchIndices;

/**
 * Ready only while OpenSearch answers and the search indices are searchable: created (the indexer creates them on
 * first start) and their primary shards active. Before that a query would only get "all shards failed".
 */
@Readiness
@ApplicationScoped
public class OpenSearchReadinessCheck implements HealthCheck {

    private final OpenSearchClient client;
    private final String url;
    private final List<String> aliases;

    @Inject
    public OpenSearchReadinessCheck(OpenSearchClient client, OpenSearchConfig config, SearchIndices indices) {
        this(client, config.url(), Stream.of(DocumentType.values()).map(indices::alias).toList());
    }

    OpenSearchReadinessCheck(OpenSearchClient client, String url, List<String> aliases) {
        this.client = client;
        this.url = url;
        this.aliases = aliases;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("OpenSearch").withData("url", url);
        try {
            // Without wait conditions this answers at once; a missing index makes it wait, hence the short timeout.
            HealthResponse health = client.cluster().health(h -> h.index(aliases).timeout(t -> t.time("50ms")));
            return response.status(health.status() != HealthStatus.Red)
                    .withData("indices", health.status().jsonValue()).build();
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 408) { // the client throws for this status
                return response.down().withData("indices", "not all created and active yet: " + aliases).build();
            }
            return response.down().withData("error", "OpenSearch answered " + e.getResponse().getStatusLine()).build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

package dev.portal.search.opensearch;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.HealthStatus;

/** Ready only while OpenSearch answers and its cluster is not red: without it there is nothing to search. */
@Readiness
@ApplicationScoped
public class OpenSearchReadinessCheck implements HealthCheck {

    private final OpenSearchClient client;
    private final OpenSearchConfig config;

    public OpenSearchReadinessCheck(OpenSearchClient client, OpenSearchConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("OpenSearch").withData("url", config.url());
        try {
            HealthStatus status = client.cluster().health().status();
            return response.status(status != HealthStatus.Red).withData("cluster", status.jsonValue()).build();
        } catch (Exception e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

package dev.portal.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch.core.SearchResponse;

import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** search-service talks to the real OpenSearch, Kafka and Keycloak of the local stack. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,opensearch,keycloak") })
class SearchStackSmokeTest {

    @Inject
    OpenSearchClient openSearch;

    @ConfigProperty(name = PortalStackResource.INDEX_PREFIX)
    String indexPrefix;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrap;

    @ConfigProperty(name = PortalStackResource.TOPIC_PREFIX)
    String topicPrefix;

    @Test
    @SuppressWarnings("rawtypes")
    void indexesAndSearchesInOpenSearch() throws IOException {
        String index = indexPrefix + "smoke";
        openSearch.indices().create(c -> c.index(index).settings(s -> s.numberOfReplicas("0")));
        openSearch.index(i -> i.index(index).id("component:default/payments-api")
                .document(Map.of("title", "Payments API", "kind", "Component")).refresh(Refresh.True));
        openSearch.index(i -> i.index(index).id("component:default/storefront")
                .document(Map.of("title", "Storefront web", "kind", "Component")).refresh(Refresh.True));

        SearchResponse<Map> found = openSearch.search(s -> s.index(index)
                .query(q -> q.match(m -> m.field("title").query(v -> v.stringValue("payments")))), Map.class);

        assertEquals(List.of("component:default/payments-api"), found.hits().hits().stream().map(h -> h.id()).toList());
    }

    @Test
    void producesAndConsumesOnKafka() {
        StackAssertions.assertKafkaRoundTrip(kafkaBootstrap, Topics.prefixed(topicPrefix, Topics.ENTITY_CHANGES));
    }

    @Test
    void acceptsARealKeycloakTokenAndRejectsRequestsWithout() {
        StackAssertions.assertTokensAreChecked("/api/search/whoami");
    }

    @Test
    void exposesTheIndexersKafkaLagOnMetrics() throws InterruptedException {
        StackAssertions.assertChangeFlowOnMetrics(List.of("search-indexer"), List.of());
    }

    @Test
    void isReadyOnlyWithItsDependenciesAndServesOperationalEndpoints() {
        SearchApi.awaitReady(); // the indexer creates the indices as the application starts
        StackAssertions.assertOperationalEndpoints("OpenSearch", "Kafka connection health check", "OIDC provider");
    }

    @Test
    void refusesOversizedBodiesAndHeadersAndUnknownMediaTypesOnEveryOperation() throws Exception {
        // Quarkus' default quarkus.http.limits.max-body-size (10M)
        StackAssertions.assertHttpLimitsOnEveryOperation(10 * 1024 * 1024L);
    }
}

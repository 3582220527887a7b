package dev.portal.search.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ServiceUnavailableException;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.http.HttpHost;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensearch.client.RestClient;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.rest_client.RestClientTransport;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.devstack.PortalStack;

/**
 * An index that exists but has no active primary shard (as for a moment after it is created) against the real
 * OpenSearch: readiness is down, and a query is a 503 saying what OpenSearch answered, not "does not answer".
 */
class UnsearchableIndexTest {

    private static RestClient rest;
    private static OpenSearchClient client;
    private final String prefix = "unsearchable-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @BeforeAll
    static void connect() {
        PortalStack.ensureRunning(List.of(PortalStack.Component.OPENSEARCH));
        rest = RestClient.builder(HttpHost.create(PortalStack.openSearchUrl())).build();
        client = new OpenSearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
    }

    @AfterAll
    static void close() throws Exception {
        rest.close();
    }

    @Test
    void readinessIsDownWhileAnIndexIsMissing() {
        HealthCheckResponse health = check(List.of(prefix + "missing")).call();

        assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
        assertTrue(String.valueOf(health.getData().orElseThrow().get("indices")).contains("not all created"),
                health.getData().toString());
    }

    @Test
    void readinessIsDownAndQueriesAre503WhileAPrimaryShardIsNotActive() throws Exception {
        String searchable = prefix + "searchable";
        String unassigned = prefix + "unassigned";
        client.indices().create(c -> c.index(searchable).settings(s -> s.numberOfReplicas("0")));
        // a primary that can never be allocated: what a fresh index is until its shard starts, but lasting
        try (Response created = client.generic().execute(Requests.builder().method("PUT")
                .endpoint("/" + unassigned).query(Map.of("wait_for_active_shards", "0"))
                .json("{\"settings\":{\"number_of_replicas\":0,"
                        + "\"index.routing.allocation.require._name\":\"no-such-node\"}}").build())) {
            assertEquals(200, created.getStatus());
        }
        try {
            assertEquals(HealthCheckResponse.Status.UP, check(List.of(searchable)).call().getStatus());
            assertEquals(HealthCheckResponse.Status.DOWN, check(List.of(searchable, unassigned)).call().getStatus());

            ServiceUnavailableException unavailable = assertThrows(ServiceUnavailableException.class,
                    () -> OpenSearchReads.read("Search", () -> client.search(s -> s.index(unassigned)
                            .ignoreUnavailable(true).allowNoIndices(true), ObjectNode.class)));
            assertEquals("Search is unavailable: OpenSearch answered 503 (search_phase_execution_exception)",
                    unavailable.getMessage());
        } finally {
            // a red index left behind would keep the local stack's cluster red
            client.indices().delete(d -> d.index(searchable, unassigned).ignoreUnavailable(true));
        }
    }

    private static OpenSearchReadinessCheck check(List<String> aliases) {
        return new OpenSearchReadinessCheck(client, PortalStack.openSearchUrl(), aliases);
    }
}

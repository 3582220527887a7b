package dev.portal.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.Topics;
import dev.portal.events.identity.VerifiedTokenCache;
import dev.portal.events.identity.VerifiedTokenMechanism;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** catalog-service talks to the real PostgreSQL, Kafka and Keycloak of the local stack. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class CatalogStackSmokeTest {

    @Inject
    VerifiedTokenCache verifiedTokens;

    @Inject
    VerifiedTokenMechanism mechanism;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.flyway.schemas")
    String schema;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrap;

    @ConfigProperty(name = PortalStackResource.TOPIC_PREFIX)
    String topicPrefix;

    @Test
    void writesAndReadsInItsOwnSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE smoke (id int PRIMARY KEY, note text)");
            sql.execute("INSERT INTO smoke VALUES (1, 'written by catalog')");
            try (ResultSet row = sql.executeQuery("SELECT current_schema(), note FROM smoke WHERE id = 1")) {
                row.next();
                assertEquals(schema, row.getString(1));
                assertEquals("written by catalog", row.getString(2));
            }
        }
    }

    @Test
    void producesAndConsumesOnKafka() {
        StackAssertions.assertKafkaRoundTrip(kafkaBootstrap, Topics.prefixed(topicPrefix, Topics.ENTITY_CHANGES));
    }

    @Test
    void acceptsARealKeycloakTokenAndRejectsRequestsWithout() {
        long before = mechanism.answeredFromCache();
        StackAssertions.assertTokensAreChecked("/api/catalog/whoami");
        // alice's and carol's tokens, verified once each; the forged ones were never kept
        assertEquals(2, verifiedTokens.size());
        // and a token seen before is answered before OIDC's mechanism decodes it
        assertTrue(mechanism.answeredFromCache() > before, "no request was answered from the verified-token cache");
    }

    @Test
    void isReadyOnlyWithItsDependenciesAndServesOperationalEndpoints() {
        StackAssertions.assertOperationalEndpoints("Database connections health check", "Kafka connection health check",
                "OIDC provider");
    }

    @Test
    void exposesKafkaLagAndTheOutboxBacklogOnMetrics() throws InterruptedException {
        StackAssertions.assertChangeFlowOnMetrics(List.of("catalog-ingest"),
                List.of(Topics.prefixed(topicPrefix, Topics.ENTITY_CHANGES)));
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("kafka_producer_record_send_total{client_id=\"catalog-outbox-relay\""),
                "no send counter of the outbox relay's producer on /q/metrics");
    }

    @Test
    void refusesOversizedBodiesAndHeadersAndUnknownMediaTypesOnEveryOperation() throws Exception {
        // Quarkus' default quarkus.http.limits.max-body-size (10M)
        StackAssertions.assertHttpLimitsOnEveryOperation(10 * 1024 * 1024L);
    }
}

package dev.portal.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** scorecard-service talks to the real PostgreSQL, Kafka and Keycloak of the local stack. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "scorecard") })
class ScorecardStackSmokeTest {

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
            sql.execute("INSERT INTO smoke VALUES (1, 'written by scorecard')");
            try (ResultSet row = sql.executeQuery("SELECT current_schema(), note FROM smoke WHERE id = 1")) {
                row.next();
                assertEquals(schema, row.getString(1));
                assertEquals("written by scorecard", row.getString(2));
            }
        }
    }

    @Test
    void producesAndConsumesOnKafka() {
        StackAssertions.assertKafkaRoundTrip(kafkaBootstrap, Topics.prefixed(topicPrefix, Topics.ENTITY_CHANGES));
    }

    @Test
    void acceptsARealKeycloakTokenAndRejectsRequestsWithout() {
        StackAssertions.assertTokensAreChecked("/api/scorecards/whoami");
    }

    @Test
    void exposesKafkaLagAndTheOutboxBacklogOnMetrics() throws InterruptedException {
        StackAssertions.assertChangeFlowOnMetrics(List.of(topicPrefix + "scorecard-service-entities",
                topicPrefix + "scorecard-service-docs", topicPrefix + "scorecard-service-facts"),
                List.of(Topics.prefixed(topicPrefix, Topics.SCORECARD_CHANGES)));
    }

    @Test
    void isReadyOnlyWithItsDependenciesAndServesOperationalEndpoints() {
        StackAssertions.assertOperationalEndpoints("Database connections health check", "Kafka connection health check",
                "OIDC provider");
    }

    @Test
    void refusesOversizedBodiesAndHeadersAndUnknownMediaTypesOnEveryOperation() throws Exception {
        // Quarkus' default quarkus.http.limits.max-body-size (10M)
        StackAssertions.assertHttpLimitsOnEveryOperation(10 * 1024 * 1024L);
    }
}

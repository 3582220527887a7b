package dev.portal.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.devstack.StackAssertions;
import dev.portal.events.Topics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway talks to the real Kafka and Keycloak of the local stack. */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "kafka,keycloak") })
class GatewayStackSmokeTest {

    /** What the token says: no catalog runs here (userRef, the catalog's answer, is ViewerTest's). */
    private static final String VIEWER = "{\"query\":\"{ viewer { username groups roles } }\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrap;

    @ConfigProperty(name = PortalStackResource.TOPIC_PREFIX)
    String topicPrefix;

    @Test
    void answersTheViewerOfARealKeycloakToken() {
        given().auth().oauth2(KeycloakTokens.accessToken("bob")).contentType("application/json").body(VIEWER)
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.viewer.username", equalTo("bob"))
                .body("data.viewer.groups", hasItem("payments-team"));
    }

    @Test
    void rejectsAGraphQLRequestWithoutToken() {
        given().contentType("application/json").body(VIEWER)
                .when().post("/graphql")
                .then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        given().auth().oauth2("not-a-token").contentType("application/json").body(VIEWER)
                .when().post("/graphql")
                .then().statusCode(401)
                .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void producesAndConsumesOnKafka() {
        StackAssertions.assertKafkaRoundTrip(kafkaBootstrap, Topics.prefixed(topicPrefix, Topics.SCORECARD_CHANGES));
    }

    @Test
    void exposesHowFarItsCachesAreBehindTheirTopicsOnMetrics() throws InterruptedException {
        StackAssertions.assertChangeFlowOnMetrics(List.of("gateway-entity-cache", "gateway-composition-cache"),
                List.of());
    }

    @Test
    void isReadyOnlyWithItsDependenciesAndServesOperationalEndpoints() {
        StackAssertions.assertOperationalEndpoints("Kafka connection health check", "OIDC provider");
    }
}

package dev.portal.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.ClosedPort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With OpenSearch, Kafka and the OIDC provider all unreachable the service stays up (live) but is not ready. */
@QuarkusTest
@TestProfile(SearchReadinessTest.NothingReachable.class)
class SearchReadinessTest {

    public static class NothingReachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int closed = ClosedPort.find();
            return Map.of(
                    "portal.opensearch.url", "http://127.0.0.1:" + closed,
                    "kafka.bootstrap.servers", "127.0.0.1:" + closed,
                    "quarkus.oidc.auth-server-url", "http://127.0.0.1:" + closed + "/realms/portal");
        }
    }

    @Test
    void isLiveButNotReadyWhileItsDependenciesAreDown() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItems(
                        "OpenSearch", "Kafka connection health check", "OIDC provider"));
    }
}

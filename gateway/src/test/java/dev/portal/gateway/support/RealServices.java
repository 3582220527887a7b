package dev.portal.gateway.support;

import dev.portal.devstack.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;
import dev.portal.devstack.PortalStack;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.Json;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real catalog, search, TechDocs and scorecard services for the gateway under test (which runs in the test JVM):
 * their built jars as processes through {@link PortalServices} (isolated: own schemas, topic prefix, index prefix),
 * the catalog holding the demo catalog of {@code deploy/demo}. {@link #start()} returns once the demo catalog is
 * loaded, TechDocs has built its three doc sets and every component and API has its scorecard (with the docs counted),
 * so tests see a settled portal. Tests reach the services through {@link #current} (e.g. to kill and restart one).
 *
 * <p>Needs the jars: {@code ./mvnw -o -pl catalog-service,search-service,techdocs-service,scorecard-service package -DskipTests}.
 */
public class RealServices implements QuarkusTestResourceLifecycleManager {

    /** Entities in deploy/demo (its root file's Location included). */
    public static final int DEMO_ENTITIES = 54;
    /** The demo components with TechDocs ({@code backstage.io/techdocs-ref}). */
    public static final List<String> WITH_DOCS = List.of("payments-api-service", "portal-backend", "storefront-web");
    private static final Duration SETTLE = Duration.ofSeconds(180);

    public static volatile RealServices current;

    public PortalServices services;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Map<String, String> start() {
        Path demo = rootOf().resolve("deploy/demo");
        services = PortalServices.builder()
                .logDir(Path.of("target", "portal-services"))
                .only(Service.CATALOG, Service.SEARCH, Service.TECHDOCS, Service.SCORECARD)
                .staticLocations("file:" + demo.resolve("catalog-info.yaml"))
                .fileRoots(demo)
                .start();
        current = this;
        try {
            awaitSettled();
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw e;
        }
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", PortalStack.kafkaBootstrap());
        config.put(PortalStackResource.TOPIC_PREFIX, services.topicPrefix());
        config.put("quarkus.oidc.auth-server-url", PortalStack.oidcIssuer());
        config.put("portal.gateway.catalog-url", url(Service.CATALOG));
        config.put("portal.gateway.search-url", url(Service.SEARCH));
        config.put("portal.gateway.techdocs-url", url(Service.TECHDOCS));
        config.put("portal.gateway.scorecard-url", url(Service.SCORECARD));
        return config;
    }

    private void awaitSettled() {
        Await.until("the demo catalog's " + DEMO_ENTITIES + " entities", SETTLE,
                () -> get(url(Service.CATALOG) + "/api/catalog/entities/by-query?limit=1").path("totalItems").asInt(),
                total -> total >= DEMO_ENTITIES);
        for (String name : WITH_DOCS) {
            Await.until("TechDocs to build the docs of " + name, SETTLE,
                    () -> get(url(Service.TECHDOCS) + "/api/techdocs/entity/default/component/" + name + "/docs"),
                    d -> "built".equals(d.path("status").asText()));
        }
        int scored = 0;
        for (JsonNode k : get(url(Service.CATALOG) + "/api/catalog/entity-facets?facet=kind").at("/facets/kind")) {
            if (List.of("Component", "API").contains(k.get("value").asText())) {
                scored += k.get("count").asInt();
            }
        }
        int expected = scored;
        Await.until("production-readiness to score the " + expected + " components and APIs", SETTLE,
                () -> get(url(Service.SCORECARD) + "/api/scorecards/production-readiness/summary").path("entities").asInt(),
                n -> n == expected);
        for (String name : WITH_DOCS) {
            Await.until("the scorecard of " + name + " to count its built docs", SETTLE,
                    () -> checkStatus(get(url(Service.SCORECARD) + "/api/scorecards/entities/default/component/" + name),
                            "techdocs-built"),
                    "pass"::equals);
        }
    }

    private static String checkStatus(JsonNode entity, String checkId) {
        for (JsonNode card : entity.path("scorecards")) {
            for (JsonNode check : card.path("checks")) {
                if (checkId.equals(check.path("id").asText())) {
                    return check.path("status").asText();
                }
            }
        }
        return "";
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
            services = null;
        }
        current = null;
    }

    public String url(Service service) {
        return services.url(service);
    }

    /** A GET straight to a service with alice's token (an admin), its JSON body; fails unless 200. */
    public JsonNode get(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + KeycloakTokens.accessToken("alice")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
            }
            return Json.tree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * A request straight to a service with {@code user}'s token and {@code body} as JSON (none when null); its JSON
     * answer (null when empty). Fails unless the status is {@code expected}.
     */
    public JsonNode send(String method, String url, String user, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + KeycloakTokens.accessToken(user))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(Json.toBytes(body)));
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != expected) {
                throw new AssertionError(method + " " + url + ": HTTP " + r.statusCode() + " " + new String(r.body()));
            }
            return r.body().length == 0 ? null : Json.tree(r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The HTTP status of a GET to a service with {@code user}'s token, or with none when {@code user} is null. */
    public int status(String url, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            request.header("Authorization", "Bearer " + KeycloakTokens.accessToken(user));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The repository (the gateway module's parent when run by Maven). */
    public static Path rootOf() {
        String root = System.getProperty("portal.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }
}

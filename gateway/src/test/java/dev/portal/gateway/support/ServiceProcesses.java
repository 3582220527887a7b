package dev.portal.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.Json;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real catalog-service and search-service for gateway tests: their built {@code quarkus-run.jar}s launched as child
 * processes on free loopback ports, isolated like any service test by {@link PortalStackResource} (own PostgreSQL
 * schema, own Kafka topic prefix, own OpenSearch index prefix), the catalog loading the demo catalog. Also starts
 * {@link DocsScorecardStub} for TechDocs and scorecards, and puts {@link TcpProxy}s in front of search and the TechDocs
 * stub so tests can take those "down". Config for the gateway: {@code portal.gateway.*-url}, Kafka, topic prefix, OIDC.
 *
 * <p>Needs {@code ./mvnw -o -pl catalog-service,search-service package -DskipTests} first.
 */
public class ServiceProcesses implements QuarkusTestResourceLifecycleManager {

    public static final Path ROOT = locateRoot();
    public static final int DEMO_ENTITIES = 54;

    /** The running instance (tests reach the proxies and stub through it). */
    public static volatile ServiceProcesses current;

    private final PortalStackResource stack = new PortalStackResource();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    public String catalogUrl;
    public String searchUrl;
    public TcpProxy searchProxy;
    public TcpProxy techdocsProxy;
    public DocsScorecardStub stub;

    @Override
    public void init(Map<String, String> args) {
        stack.init(Map.of("components", "postgres,kafka,opensearch,keycloak", "database-user", "catalog"));
    }

    @Override
    public Map<String, String> start() {
        Path catalogJar = ROOT.resolve("catalog-service/target/quarkus-app/quarkus-run.jar");
        Path searchJar = ROOT.resolve("search-service/target/quarkus-app/quarkus-run.jar");
        for (Path jar : List.of(catalogJar, searchJar)) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build it first with "
                        + "./mvnw -B -ntp -o -pl catalog-service,search-service package -DskipTests");
            }
        }
        Map<String, String> isolation = stack.start();
        String prefix = isolation.get(PortalStackResource.TOPIC_PREFIX);
        Map<String, String> common = new HashMap<>();
        common.put("kafka.bootstrap.servers", isolation.get("kafka.bootstrap.servers"));
        common.put("portal.kafka.topic-prefix", prefix);
        common.put("quarkus.oidc.auth-server-url", isolation.get("quarkus.oidc.auth-server-url"));
        common.put("quarkus.http.host", "127.0.0.1");
        common.put("quarkus.log.console.json.enabled", "false");
        try {
            int catalogPort = freePort();
            Map<String, String> catalog = new HashMap<>(common);
            catalog.put("quarkus.http.port", String.valueOf(catalogPort));
            catalog.put("quarkus.datasource.jdbc.url", isolation.get("quarkus.datasource.jdbc.url"));
            catalog.put("quarkus.datasource.username", "catalog");
            catalog.put("quarkus.datasource.password", "catalog");
            catalog.put("quarkus.flyway.schemas", isolation.get("quarkus.flyway.schemas"));
            catalog.put("portal.catalog.static-locations", "file:" + ROOT.resolve("deploy/demo/catalog-info.yaml"));
            catalog.put("portal.catalog.reading.file-roots", ROOT.resolve("deploy/demo").toString());
            catalog.put("portal.catalog.reading.allow", "127.0.0.1");
            catalog.put("portal.catalog.reading.allow-private-addresses", "true");
            catalog.put("portal.catalog.refresh-interval", "PT1H");
            launch("catalog", catalogJar, catalog);

            int searchPort = freePort();
            Map<String, String> search = new HashMap<>(common);
            search.put("quarkus.http.port", String.valueOf(searchPort));
            search.put("portal.opensearch.url", isolation.get("portal.opensearch.url"));
            search.put("portal.opensearch.index-prefix", isolation.get(PortalStackResource.INDEX_PREFIX));
            launch("search", searchJar, search);

            catalogUrl = "http://127.0.0.1:" + catalogPort;
            searchUrl = "http://127.0.0.1:" + searchPort;
            waitReady("catalog", catalogUrl);
            waitReady("search", searchUrl);
            waitForDemoCatalog();

            stub = DocsScorecardStub.start();
            searchProxy = TcpProxy.start(searchPort);
            techdocsProxy = TcpProxy.start(stub.port());
        } catch (RuntimeException | IOException e) {
            stop();
            throw new IllegalStateException("could not start the services for the gateway tests", e);
        }
        current = this;
        Map<String, String> config = new HashMap<>(common);
        config.remove("quarkus.http.host");
        config.remove("quarkus.log.console.json.enabled");
        config.put("portal.gateway.catalog-url", catalogUrl);
        config.put("portal.gateway.search-url", "http://127.0.0.1:" + searchProxy.port());
        config.put("portal.gateway.techdocs-url", "http://127.0.0.1:" + techdocsProxy.port());
        config.put("portal.gateway.scorecard-url", "http://127.0.0.1:" + stub.port());
        return config;
    }

    @Override
    public void stop() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        if (searchProxy != null) {
            searchProxy.close();
        }
        if (techdocsProxy != null) {
            techdocsProxy.close();
        }
        if (stub != null) {
            stub.stop();
        }
        stack.stop();
        current = null;
    }

    private void launch(String name, Path jar, Map<String, String> props) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        File log = ROOT.resolve("gateway/target/" + name + "-service-test.log").toFile();
        log.getParentFile().mkdirs();
        Process process = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log).start();
        processes.add(process);
    }

    private void waitReady(String name, String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited (" + p.exitValue() + "); see gateway/target/*-service-test.log");
                }
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet listening
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException(name + " was not ready within 120 s at " + url);
    }

    private void waitForDemoCatalog() {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long total = -1;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                                URI.create(catalogUrl + "/api/catalog/entities/by-query?limit=1"))
                        .header("Authorization", "Bearer " + KeycloakTokens.accessToken("alice")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    total = Json.tree(r.body()).path("totalItems").asLong();
                    if (total >= DEMO_ENTITIES) {
                        return;
                    }
                }
            } catch (IOException e) {
                // retry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(300);
        }
        throw new IllegalStateException("the catalog loaded " + total + " of the demo catalog's " + DEMO_ENTITIES + " entities");
    }

    /** A GET to a service with alice's token, e.g. to wait for search to index something. */
    public int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + KeycloakTokens.accessToken("alice")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static Path locateRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("catalog-service"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("/work/main") : dir;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.portal.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.portal.devstack.PortalStack.Component;
import dev.portal.events.TopicProvisioner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test resource of every service: reuses the running local stack (or starts the parts the test names), and
 * isolates the test class — its own PostgreSQL schema, its own Kafka topic names and its own OpenSearch index prefix,
 * all removed again when the class is done.
 *
 * <pre>
 * &#64;WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
 *     &#64;ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
 *     &#64;ResourceArg(name = "database-user", value = "catalog") })
 * </pre>
 *
 * Config it sets: the datasource URL/user and Flyway schema, {@code kafka.bootstrap.servers},
 * {@code portal.kafka.topic-prefix}, {@code portal.opensearch.url}, {@code portal.opensearch.index-prefix},
 * {@code quarkus.oidc.auth-server-url}.
 */
public class PortalStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPIC_PREFIX = "portal.kafka.topic-prefix";
    public static final String INDEX_PREFIX = "portal.opensearch.index-prefix";

    private List<Component> components = List.of(Component.POSTGRES, Component.KAFKA, Component.KEYCLOAK);
    private String databaseUser = "catalog";
    /** Names this class's schema, topic prefix and index prefix: lower-case, so it is valid for all three. */
    private final String isolationId = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    public void init(Map<String, String> args) {
        if (args.containsKey("components")) {
            components = Arrays.stream(args.get("components").split(",")).map(Component::named).toList();
        }
        databaseUser = args.getOrDefault("database-user", databaseUser);
    }

    @Override
    public Map<String, String> start() {
        PortalStack.ensureRunning(components);
        Map<String, String> config = new HashMap<>();
        if (components.contains(Component.POSTGRES)) {
            adminSql("CREATE SCHEMA " + isolationId + " AUTHORIZATION " + databaseUser);
            config.put("quarkus.datasource.jdbc.url", PortalStack.jdbcUrl("portal") + "?currentSchema=" + isolationId);
            config.put("quarkus.datasource.username", databaseUser);
            config.put("quarkus.datasource.password", databaseUser);
            config.put("quarkus.flyway.schemas", isolationId);
        }
        if (components.contains(Component.KAFKA)) {
            String prefix = isolationId + ".";
            try (Admin admin = kafkaAdmin()) {
                new TopicProvisioner(admin).createMissing(TopicProvisioner.topics(prefix, 1, (short) 1));
            } catch (Exception e) {
                throw new IllegalStateException("could not create the test topics", e);
            }
            config.put("kafka.bootstrap.servers", PortalStack.kafkaBootstrap());
            config.put(TOPIC_PREFIX, prefix);
        }
        if (components.contains(Component.OPENSEARCH)) {
            config.put("portal.opensearch.url", PortalStack.openSearchUrl());
            config.put(INDEX_PREFIX, isolationId + "-");
        }
        if (components.contains(Component.KEYCLOAK)) {
            config.put("quarkus.oidc.auth-server-url", PortalStack.oidcIssuer());
        }
        return config;
    }

    @Override
    public void stop() {
        // Clean up so repeated runs against one long-lived stack do not pile up test leftovers.
        if (components.contains(Component.POSTGRES)) {
            adminSql("DROP SCHEMA IF EXISTS " + isolationId + " CASCADE");
        }
        if (components.contains(Component.KAFKA)) {
            try (Admin admin = kafkaAdmin()) {
                List<String> ours = admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith(isolationId + ".")).toList();
                admin.deleteTopics(ours).all().get();
            } catch (Exception e) {
                System.err.println("could not delete test topics " + isolationId + ".*: " + e.getMessage());
            }
        }
        if (components.contains(Component.OPENSEARCH)) {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(PortalStack.openSearchUrl() + "/" + isolationId + "-*?expand_wildcards=all"))
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                System.err.println("could not delete test indices " + isolationId + "-*: " + e.getMessage());
            }
        }
    }

    private static Admin kafkaAdmin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, PortalStack.kafkaBootstrap());
        return Admin.create(config);
    }

    private static void adminSql(String sql) {
        try (Connection connection = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused: " + sql, e);
        }
    }
}

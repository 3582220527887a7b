package dev.portal.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalStack;

/**
 * A second, throwaway Portal installed by the {@code portal} script exactly as an operator runs it — its own
 * PostgreSQL, Kafka, OpenSearch and the five services with the demo catalog, in a state folder under {@code target/}
 * on free ports — so that fault tests can stop and restart its infrastructure without disturbing the local stack
 * other tests use. Only Keycloak is shared (tokens come from the local stack's realm; it keeps its own PostgreSQL).
 * {@link #close()} stops everything and removes its data.
 */
public final class PortalInstallation implements AutoCloseable {

    /** The script's components, in the order {@code ./portal up} starts them (Keycloak is the local stack's). */
    public static final List<String> COMPONENTS = List.of("postgres", "kafka", "opensearch",
            "catalog", "search", "techdocs", "scorecard", "gateway");

    private static final Map<String, String> PORT_VARIABLES = Map.ofEntries(
            Map.entry("postgres", "PORTAL_PG_PORT"), Map.entry("kafka", "PORTAL_KAFKA_PORT"),
            Map.entry("kafka-controller", "PORTAL_KAFKA_CONTROLLER_PORT"), Map.entry("opensearch", "PORTAL_OPENSEARCH_PORT"),
            Map.entry("opensearch-transport", "PORTAL_OPENSEARCH_TRANSPORT_PORT"), Map.entry("catalog", "PORTAL_CATALOG_PORT"),
            Map.entry("search", "PORTAL_SEARCH_PORT"), Map.entry("techdocs", "PORTAL_TECHDOCS_PORT"),
            Map.entry("scorecard", "PORTAL_SCORECARD_PORT"), Map.entry("gateway", "PORTAL_GATEWAY_PORT"));

    private final Path script;
    private final Path state;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private PortalInstallation(Path script, Path state) {
        this.script = script;
        this.state = state;
        PORT_VARIABLES.keySet().forEach(name -> ports.put(name, PortalServices.freePort()));
        ports.forEach((name, port) -> environment.put(PORT_VARIABLES.get(name), String.valueOf(port)));
        environment.put("PORTAL_KEYCLOAK_PORT", String.valueOf(PortalStack.Component.KEYCLOAK.port()));
        environment.put("PORTAL_STATE_DIR", state.toString());
    }

    /**
     * Installs and starts everything ({@code ./portal up} of all but Keycloak) in a new state folder; {@code settings}
     * are further environment variables of the script and so of the services (e.g. {@code PORTAL_SCORECARDS_…}).
     */
    public static PortalInstallation start(Path repository, Path state, Map<String, String> settings) {
        E2eStack.deleteRecursively(state);
        PortalInstallation installation = new PortalInstallation(repository.resolve("portal"), state.toAbsolutePath());
        installation.environment.putAll(settings);
        try {
            installation.up(COMPONENTS.toArray(String[]::new));
            return installation;
        } catch (RuntimeException e) {
            installation.close();
            throw e;
        }
    }

    /** {@code ./portal up <components>}: starts them and waits until each is ready. */
    public void up(String... components) {
        portal("up", components);
    }

    /** {@code ./portal down <components>}: stops them as an operator would (SIGTERM; PostgreSQL's fast shutdown). */
    public void down(String... components) {
        portal("down", components);
    }

    /** The process id the script recorded for a component (changes only when it is started again). */
    public long pid(String component) {
        try {
            return Long.parseLong(Files.readString(state.resolve("run/" + component + ".pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no pid file for " + component + " in " + state, e);
        }
    }

    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + ports.get("kafka");
    }

    /** The component's log ({@code <state>/logs/<component>.log}). */
    public Path log(String component) {
        return state.resolve("logs/" + component + ".log");
    }

    /** Stops everything it started and removes its data (PostgreSQL's may live outside the state folder). */
    @Override
    public void close() {
        try {
            down();
        } catch (RuntimeException e) {
            System.err.println("e2e: stopping the installation in " + state + " failed: " + e.getMessage());
        }
        Path postgresData = state.resolve("postgres-data-link"); // when run as root, see pg_dir in the script
        try {
            if (Files.isSymbolicLink(postgresData)) {
                E2eStack.deleteRecursively(postgresData.toRealPath());
            }
        } catch (IOException e) {
            System.err.println("e2e: could not remove " + postgresData + ": " + e.getMessage());
        }
        E2eStack.deleteRecursively(state.resolve("postgres"));
        E2eStack.deleteRecursively(state.resolve("kafka"));
        E2eStack.deleteRecursively(state.resolve("opensearch")); // the logs stay, for a failed run
    }

    private void portal(String command, String... components) {
        List<String> commandLine = new ArrayList<>(List.of(script.toString(), command));
        commandLine.addAll(List.of(components));
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        // Only this installation's settings: not a PORTAL_* variable of whoever runs the test.
        builder.environment().keySet().removeIf(k -> k.startsWith("PORTAL_"));
        builder.environment().putAll(environment);
        Instant start = Instant.now();
        try {
            Files.createDirectories(state);
            Path output = state.resolve("portal-script.log");
            Files.writeString(output, "\n$ " + String.join(" ", commandLine) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Process process = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("'portal " + command + "' did not finish in 10 minutes; see " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'portal " + command + " " + String.join(" ", components) + "' failed with "
                        + process.exitValue() + "; its output ends with:\n" + tail(output));
            }
            System.out.println("e2e: portal " + command + " " + String.join(" ", components) + " took "
                    + Duration.between(start, Instant.now()).toMillis() + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}

package dev.portal.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the local stack of {@code ./portal up} listens, and a way to start the parts a test needs. Ports follow the
 * same environment variables as the portal script, so tests find a stack moved to other ports.
 */
public final class PortalStack {

    /** The infrastructure a test can ask for, with the variable that moves its port and the default port. */
    public enum Component {
        POSTGRES("postgres", "PORTAL_PG_PORT", 55432),
        KAFKA("kafka", "PORTAL_KAFKA_PORT", 59092),
        OPENSEARCH("opensearch", "PORTAL_OPENSEARCH_PORT", 59200),
        KEYCLOAK("keycloak", "PORTAL_KEYCLOAK_PORT", 58180);

        final String name;
        final String portVariable;
        final int defaultPort;

        Component(String name, String portVariable, int defaultPort) {
            this.name = name;
            this.portVariable = portVariable;
            this.defaultPort = defaultPort;
        }

        public int port() {
            String configured = System.getenv(portVariable);
            return configured == null || configured.isBlank() ? defaultPort : Integer.parseInt(configured.trim());
        }

        public static Component named(String name) {
            for (Component c : values()) {
                if (c.name.equalsIgnoreCase(name.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown stack component '" + name + "' (postgres, kafka, opensearch, keycloak)");
        }
    }

    public static final String HOST = "127.0.0.1";

    private PortalStack() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + Component.POSTGRES.port() + "/" + database;
    }

    public static String kafkaBootstrap() {
        return HOST + ":" + Component.KAFKA.port();
    }

    public static String openSearchUrl() {
        return "http://" + HOST + ":" + Component.OPENSEARCH.port();
    }

    public static String oidcIssuer() {
        return "http://" + HOST + ":" + Component.KEYCLOAK.port() + "/realms/portal";
    }

    public static boolean answers(Component component) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, component.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reuses what runs; starts the rest with {@code ./portal up <components>}, which waits until each is ready
     * (and leaves them running for the next test run: {@code ./portal down} stops them).
     */
    public static synchronized void ensureRunning(List<Component> components) {
        List<String> missing = new ArrayList<>();
        for (Component c : components) {
            if (!answers(c)) {
                missing.add(c.name);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(portalScript().toString(), "up"));
        command.addAll(missing);
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + missing, e);
        }
    }

    /** The repository's {@code portal} script: from -Dportal.root (set by the build), else up from the working dir. */
    static Path portalScript() {
        String root = System.getProperty("portal.root");
        if (root != null && Files.isExecutable(Path.of(root, "portal"))) {
            return Path.of(root, "portal");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("portal")) && Files.exists(dir.resolve("deploy/devstack"))) {
                return dir.resolve("portal");
            }
        }
        throw new IllegalStateException("cannot find the portal script; run the tests from the repository");
    }
}

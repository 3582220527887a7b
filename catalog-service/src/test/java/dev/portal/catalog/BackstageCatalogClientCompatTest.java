package dev.portal.catalog;

import static dev.portal.catalog.CatalogTestData.seedSmallOrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Backstage's own client, {@code @backstage/catalog-client} (the exact version pinned in
 * {@code src/test/node/catalog-client-compat/package.json}), run by Node against this service: every read method of its
 * {@code CatalogApi} plus validate, refresh and remove, with assertions on what it returns ({@code compat.mjs}).
 *
 * <p>Node and npm are part of the machine, so their absence fails the test rather than skipping it. The client is
 * installed with {@code npm ci} from the committed lock file into {@code target/catalog-client-compat}, once.
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "catalog") })
class BackstageCatalogClientCompatTest {

    private static final Path SOURCE = Path.of("src", "test", "node", "catalog-client-compat");
    private static final Path WORK = Path.of("target", "catalog-client-compat");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "compat.mjs");
    private static final int MIN_NODE_MAJOR = 20;

    @TestHTTPResource("/api/catalog")
    URL catalogUrl;

    @Test
    void backstageCatalogClientWorksAgainstThisCatalog() throws Exception {
        Path module = moduleDir();
        Path work = module.resolve(WORK);
        requireNode(work.getParent());
        installClient(module.resolve(SOURCE), work);

        seedSmallOrg();
        Run compat = run(work, Duration.ofMinutes(3), Map.of(
                        "CATALOG_BASE_URL", catalogUrl.toString(),
                        "CATALOG_ADMIN_TOKEN", KeycloakTokens.accessToken("alice"),
                        "CATALOG_USER_TOKEN", KeycloakTokens.accessToken("bob")),
                "node", "compat.mjs");
        System.out.println(compat.output());
        assertEquals(0, compat.exitCode(), "@backstage/catalog-client compatibility checks failed (node compat.mjs, exit "
                + compat.exitCode() + "):\n" + compat.output());
    }

    /** The catalog-service folder: Surefire runs tests there, but an IDE may run them from the repository root. */
    private static Path moduleDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path candidate : List.of(here, here.resolve("catalog-service"))) {
            if (Files.isDirectory(candidate.resolve(SOURCE))) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find " + SOURCE + " from " + here);
    }

    private static void requireNode(Path directory) throws InterruptedException {
        Run node;
        Run npm;
        try {
            Files.createDirectories(directory);
            node = run(directory, Duration.ofSeconds(30), Map.of(), "node", "--version");
            npm = run(directory, Duration.ofSeconds(60), Map.of(), "npm", "--version");
        } catch (IOException e) {
            fail("Node.js " + MIN_NODE_MAJOR + "+ and npm are needed for this test (they run Backstage's catalog client) "
                    + "and are part of this machine, but could not be started: " + e.getMessage()
                    + ". Install them (Debian: apt-get install nodejs npm) and put them on the PATH.");
            return;
        }
        if (node.exitCode() != 0 || npm.exitCode() != 0) {
            fail("node --version / npm --version failed:\n" + node.output() + "\n" + npm.output());
        }
        String version = node.output().trim();
        int major = Integer.parseInt(version.replaceFirst("^v?(\\d+).*$", "$1"));
        if (major < MIN_NODE_MAJOR) {
            fail("Node.js " + MIN_NODE_MAJOR + "+ is needed for @backstage/catalog-client, found " + version);
        }
    }

    /** Copies the Node project under target/ and runs {@code npm ci} there unless the same lock file is installed. */
    private static void installClient(Path source, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        for (String file : FILES) {
            Files.copy(source.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installedLock = work.resolve("node_modules").resolve(".installed-package-lock.json");
        String lock = Files.readString(work.resolve("package-lock.json"));
        if (Files.isRegularFile(installedLock) && Files.readString(installedLock).equals(lock)) {
            return;
        }
        Run install = run(work, Duration.ofMinutes(8), Map.of("npm_config_update_notifier", "false"),
                "npm", "ci", "--no-audit", "--no-fund");
        if (install.exitCode() != 0) {
            fail("npm ci --no-audit --no-fund failed in " + work + " (exit " + install.exitCode() + "):\n"
                    + install.output());
        }
        Files.writeString(installedLock, lock);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(Path directory, Duration timeout, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + output);
        }
        reader.join();
        return new Run(process.exitValue(), output.toString());
    }
}

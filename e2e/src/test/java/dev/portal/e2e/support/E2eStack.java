package dev.portal.e2e.support;

import dev.portal.devstack.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.PortalServices;
import dev.portal.devstack.PortalServices.Service;

/**
 * The five services for the whole e2e run, started once (the first test class that asks) and stopped when the run
 * ends: an empty, isolated Portal whose catalog and docs files live in a work folder under {@code target/}, so
 * tests can edit them. Inject it with {@code @ExtendWith(E2eStack.Resolver.class)} and an {@code E2eStack} parameter.
 */
public final class E2eStack implements AutoCloseable {

    /** Entities in deploy/demo (without the Location entity generated for the registered root). */
    public static final int DEMO_ENTITIES = 54;

    public final PortalServices services;
    /** Where the tests' catalog and docs files live; TechDocs may read {@code file:} docs below it. */
    public final Path work;
    private String demoLocationId;

    private E2eStack(PortalServices services, Path work) {
        this.services = services;
        this.work = work;
    }

    static E2eStack start() {
        Path work = Path.of("target", "e2e-work").toAbsolutePath();
        deleteRecursively(work);
        copyRecursively(PortalServices.repositoryRoot().resolve("deploy/demo"), work.resolve("demo"));
        PortalServices services = PortalServices.builder()
                .logDir(Path.of("target", "e2e-logs"))
                .fileRoots(work)
                // Docs edited without a catalog change are found by TechDocs' periodic hash check: often, here.
                .set(Service.TECHDOCS, "portal.techdocs.refresh-interval", "PT2S")
                // A second scorecard over facts (src/test/resources/scorecards), beside the starter one.
                .set(Service.SCORECARD, "portal.scorecards.definitions-dir", testResource("scorecards").toString())
                // Two cores shared with other builds: a cold service may take more than the 2 s default to answer.
                .set(Service.GATEWAY, "portal.gateway.timeout", "PT10S")
                .start();
        return new E2eStack(services, work);
    }

    public String url(Service service) {
        return services.url(service);
    }

    /** A GraphQL request through the gateway as {@code user}; the whole response. */
    public JsonNode graphql(String user, String query, Map<String, Object> variables) {
        return Http.graphql(url(Service.GATEWAY), user, query, variables);
    }

    public JsonNode graphql(String user, String query) {
        return graphql(user, query, Map.of());
    }

    /** The {@code data} of a GraphQL response that must have no errors. */
    public JsonNode data(String user, String query, Map<String, Object> variables) {
        return Http.graphqlData(url(Service.GATEWAY), user, query, variables);
    }

    public JsonNode data(String user, String query) {
        return data(user, query, Map.of());
    }

    /** The demo catalog's root file in the work folder. */
    public Path demoRoot() {
        return work.resolve("demo/catalog-info.yaml");
    }

    /** Registers the demo catalog through the gateway (as alice, an admin); the mutation's whole response. */
    public synchronized JsonNode registerDemo() {
        JsonNode response = graphql("alice", "mutation($t: String!) { registerLocation(type: \"file\", target: $t) {"
                + " location { id type target } entities { ref } } }", Map.of("t", demoRoot().toString()));
        JsonNode id = response.at("/data/registerLocation/location/id");
        if (id.isTextual()) {
            demoLocationId = id.asText();
        }
        return response;
    }

    /** For a test class that needs the demo organisation but may run alone: registers it unless done, waits for it. */
    public synchronized void ensureDemo() {
        if (demoLocationId == null) {
            JsonNode response = registerDemo();
            if (demoLocationId == null) {
                throw new AssertionError("could not register the demo catalog: " + response);
            }
        }
        Await.until("the demo catalog's " + DEMO_ENTITIES + " entities", Duration.ofSeconds(120),
                () -> data("alice", "{ entities(first: 1) { totalCount } }").at("/entities/totalCount").asInt(),
                total -> total >= DEMO_ENTITIES);
    }

    @Override
    public void close() {
        services.close();
    }

    /** Writes a file of the work folder (the "edit" of a catalog or docs file). */
    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a folder of src/test/resources in the work folder. */
    public Path copyResource(String folder, String as) {
        Path target = work.resolve(as);
        copyRecursively(testResource(folder), target);
        return target;
    }

    /** A folder or file of this module's src/test/resources. */
    public static Path testResource(String name) {
        try {
            return Path.of(E2eStack.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " is missing", e);
        }
    }

    private static void copyRecursively(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from + " to " + to, e);
        }
    }

    /** Deletes a folder and what it holds (a symbolic link is removed, not followed). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gives test classes the one {@link E2eStack} of the run, starting it on first use; JUnit closes it at the end. */
    public static final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(E2eStack.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == E2eStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE).computeIfAbsent(E2eStack.class, k -> {
                Instant start = Instant.now();
                E2eStack stack = E2eStack.start();
                System.out.println("e2e: the five services were ready in " + Duration.between(start, Instant.now())
                        .toMillis() + " ms (logs in target/e2e-logs)");
                return stack;
            }, E2eStack.class);
        }
    }
}

package dev.portal.techdocs.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.portal.events.EntityRef;
import dev.portal.techdocs.TestDocs;
import dev.portal.techdocs.build.BuildException;
import dev.portal.techdocs.build.BuiltSite;
import dev.portal.techdocs.build.DocsSource;
import dev.portal.techdocs.build.SiteBuilder;
import dev.portal.techdocs.config.TechDocsConfig;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Resolving {@code backstage.io/techdocs-ref} and fetching docs sources: file system inside the allowed roots only,
 * URL directories over HTTP (following nav and links) through the catalog's SSRF guard, and the same content hash for
 * the same docs.
 */
class DocsSourceFetcherTest {

    static HttpServer server;
    static final List<String> requested = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serveTheFeaturesDocsOverHttp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Path root = TestDocs.dir("features");
        server.createContext("/repo/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/repo/".length());
            requested.add(path);
            Path file = root.resolve(path).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static TechDocsConfig config(List<String> allow, boolean allowPrivate, List<String> roots) {
        return new TechDocsConfig() {
            public Reading reading() {
                return new Reading() {
                    public Optional<List<String>> allow() { return Optional.of(allow); }
                    public boolean allowPrivateAddresses() { return allowPrivate; }
                    public int maxBytes() { return 1_000_000; }
                    public Duration timeout() { return Duration.ofSeconds(5); }
                };
            }
            public Limits limits() {
                return new Limits() {
                    public int maxPageBytes() { return 1_000_000; }
                    public long maxSiteBytes() { return 10_000_000; }
                    public long maxArchiveBytes() { return 10_000_000; }
                    public int maxFiles() { return 1000; }
                };
            }
            public Links links() {
                return new Links() {
                    public String pageBase() { return "/docs"; }
                    public String assetBase() { return "/api/techdocs/static/docs"; }
                };
            }
            public Cache cache() { return () -> new MemorySize(BigInteger.valueOf(64L << 20)); }
            public Optional<List<String>> fileRoots() { return Optional.of(roots); }
            public Duration refreshInterval() { return Duration.ZERO; }
            public int maxEventBytes() { return 900_000; }
        };
    }

    @Test
    void resolvesDirAgainstFileAndUrlLocationsAndUrlRefs() {
        assertEquals(new DocsLocation(DocsLocation.Type.FILE, "/srv/repo/sub"),
                DocsLocation.resolve("dir:./sub", "file:/srv/repo/catalog-info.yaml"));
        assertEquals(new DocsLocation(DocsLocation.Type.FILE, "/srv/repo"),
                DocsLocation.resolve("dir:.", "file:/srv/repo/catalog-info.yaml"));
        assertEquals(new DocsLocation(DocsLocation.Type.URL, "https://git.example.com/org/repo/raw/main/docs-root/"),
                DocsLocation.resolve("dir:docs-root", "url:https://git.example.com/org/repo/raw/main/catalog-info.yaml"));
        assertEquals(new DocsLocation(DocsLocation.Type.URL, "https://raw.githubusercontent.com/org/repo/main/sub/"),
                DocsLocation.resolve("url:https://github.com/org/repo/tree/main/sub", null));
        assertEquals(DocsLocation.Type.ARCHIVE,
                DocsLocation.resolve("url:https://git.example.com/org/repo/archive/main.tar.gz", null).type());
        assertThrows(BuildException.class, () -> DocsLocation.resolve("dir:.", null));
        assertThrows(BuildException.class, () -> DocsLocation.resolve("git:whatever", "file:/x/y.yaml"));
    }

    @Test
    void readsMkdocsYmlAndTheDocsDirFromTheFileSystem() {
        DocsSourceFetcher fetcher = new DocsSourceFetcher(config(List.of(), false, List.of(TestDocs.dir("").toString())));
        DocsSource source = fetcher.fetch(new DocsLocation(DocsLocation.Type.FILE, TestDocs.dir("features").toString()));
        assertTrue(source.files().containsKey("mkdocs.yml"));
        assertTrue(source.files().containsKey("docs/guides/img/diagram.png"));
        assertEquals(TestDocs.source("features").hash(), source.hash(), "same docs, same hash");
    }

    @Test
    void refusesFileDocsOutsideTheAllowedRoots() {
        DocsSourceFetcher fetcher = new DocsSourceFetcher(config(List.of(), false, List.of(TestDocs.dir("no-nav").toString())));
        BuildException e = assertThrows(BuildException.class,
                () -> fetcher.fetch(new DocsLocation(DocsLocation.Type.FILE, TestDocs.dir("no-nav") + "/../features")));
        assertTrue(e.getMessage().contains("file-roots"), e.getMessage());
        assertThrows(BuildException.class, () -> fetcher.fetch(new DocsLocation(DocsLocation.Type.FILE, "/etc")));
    }

    @Test
    void fetchesUrlDocsByFollowingNavLinksAndImagesAndBuildsThem() {
        DocsSourceFetcher fetcher = new DocsSourceFetcher(config(List.of("127.0.0.1"), true, List.of()));
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
        DocsSource source = fetcher.fetch(DocsLocation.resolve("dir:.", "url:" + base + "catalog-info.yaml"));
        assertTrue(source.files().containsKey("docs/index.md"));
        assertTrue(source.files().containsKey("docs/guides/internals.md"));
        assertTrue(source.files().containsKey("docs/guides/img/diagram.png"));
        assertFalse(source.files().containsKey("docs/does-not-exist.md"));
        assertEquals(TestDocs.source("features").hash(), source.hash(), "the same files as on disk");
        BuiltSite site = new SiteBuilder("/docs", "/static", 1_000_000).build(EntityRef.parse("component:default/x"), source);
        assertEquals(3, site.pages().size());
    }

    @Test
    void urlDocsGoThroughTheCatalogsSsrfGuard() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
        BuildException notAllowed = assertThrows(BuildException.class,
                () -> new DocsSourceFetcher(config(List.of("docs.example.com"), false, List.of()))
                        .fetch(new DocsLocation(DocsLocation.Type.URL, url)));
        assertTrue(notAllowed.getMessage().contains("portal.techdocs.reading.allow"), notAllowed.getMessage());
        BuildException internal = assertThrows(BuildException.class,
                () -> new DocsSourceFetcher(config(List.of("127.0.0.1", "169.254.169.254"), false, List.of()))
                        .fetch(new DocsLocation(DocsLocation.Type.URL, url)));
        assertTrue(internal.getMessage().contains("internal address"), internal.getMessage());
        assertThrows(BuildException.class, () -> new DocsSourceFetcher(config(List.of("169.254.169.254"), false, List.of()))
                .fetch(new DocsLocation(DocsLocation.Type.URL, "http://169.254.169.254/latest/")));
    }
}

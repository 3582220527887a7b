package dev.portal.catalog.location;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The guards of what locations may read: URL locations from allowed hosts only, and no internal addresses unless
 * configured; file locations only inside the configured roots, never led out of them by {@code ..} or a link.
 */
class CatalogFileFetcherTest {

    private static CatalogFileFetcher fetcher(List<String> allow, boolean allowPrivate) {
        return fetcher(allow, allowPrivate, List.of());
    }

    private static CatalogFileFetcher fetcher(List<String> allow, boolean allowPrivate, List<String> fileRoots) {
        ReadingConfig.Reading reading = new ReadingConfig.Reading() {
            public Optional<List<String>> allow() { return Optional.of(allow); }
            public boolean allowPrivateAddresses() { return allowPrivate; }
            public Optional<List<String>> fileRoots() { return Optional.of(fileRoots); }
            public int maxBytes() { return 1000; }
            public Duration timeout() { return Duration.ofSeconds(2); }
        };
        return new CatalogFileFetcher(new ReadingConfig() {
            public Reading reading() { return reading; }
            public Duration refreshInterval() { return Duration.ofMinutes(2); }
            public String orphanStrategy() { return "keep"; }
            public boolean relationsCompatibility() { return true; }
            public Optional<List<String>> staticLocations() { return Optional.empty(); }
            public Rules rules() { return () -> List.of("Component"); }
        });
    }

    @Test
    void refusesLoopbackPrivateAndLinkLocalAddressesEvenOnAnAllowedHost() {
        CatalogFileFetcher guarded = fetcher(List.of("127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.1.1", "localhost"), false);
        for (String url : List.of("http://127.0.0.1:8081/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                "http://192.168.1.1/x", "http://localhost/x")) {
            LocationReadException e = assertThrows(LocationReadException.class, () -> guarded.checkAllowed(URI.create(url)));
            assertTrue(e.getMessage().contains("internal address"), e.getMessage());
        }
    }

    @Test
    void refusesHostsNotOnTheAllowListAndOtherSchemes() {
        CatalogFileFetcher guarded = fetcher(List.of("*.example.com"), true);
        assertThrows(LocationReadException.class, () -> guarded.checkAllowed(URI.create("https://example.org/x")));
        assertThrows(LocationReadException.class, () -> guarded.checkAllowed(URI.create("file:///etc/passwd")));
        assertThrows(LocationReadException.class, () -> guarded.checkAllowed(URI.create("gopher://a.example.com/x")));
        assertDoesNotThrow(() -> guarded.checkAllowed(URI.create("https://raw.example.com/x")));
    }

    @Test
    void allowsInternalAddressesOnlyWhenConfigured() {
        assertDoesNotThrow(() -> fetcher(List.of("127.0.0.1"), true).checkAllowed(URI.create("http://127.0.0.1:1/x")));
    }

    @Test
    void readsFilesOnlyInsideTheConfiguredRoots() throws IOException {
        Path root = Files.createTempDirectory("catalog-root");
        Path outside = Files.createTempDirectory("catalog-outside");
        Files.writeString(root.resolve("catalog-info.yaml"), "kind: Group");
        Files.writeString(outside.resolve("secret.yaml"), "password: hunter2");
        Files.createSymbolicLink(root.resolve("link.yaml"), outside.resolve("secret.yaml"));
        CatalogFileFetcher fetcher = fetcher(List.of(), false, List.of(root.toString()));

        assertEquals("kind: Group", fetcher.fetch("file", root.resolve("catalog-info.yaml").toString(), null).content());
        assertEquals("kind: Group", fetcher.fetch("file", "file:" + root.resolve("catalog-info.yaml"), null).content());
        for (String escape : List.of(outside.resolve("secret.yaml").toString(), "/etc/passwd",
                root + "/../" + outside.getFileName() + "/secret.yaml", root.resolve("link.yaml").toString())) {
            LocationReadException e = assertThrows(LocationReadException.class, () -> fetcher.fetch("file", escape, null));
            assertTrue(e.getMessage().contains("portal.catalog.reading.file-roots"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
        // checked before anything is read, without saying whether the file exists
        assertDoesNotThrow(() -> fetcher.checkAllowed("file", root.resolve("not-yet.yaml").toString()));
        assertThrows(LocationReadException.class, () -> fetcher.checkAllowed("file", "/etc/passwd"));
        assertThrows(LocationReadException.class, () -> fetcher.checkAllowed("file", "/no/such/file.yaml"));
    }

    @Test
    void readsNoFilesWithoutRoots() throws IOException {
        Path dir = Files.createTempDirectory("catalog-no-roots");
        Files.writeString(dir.resolve("catalog-info.yaml"), "kind: Group");
        LocationReadException e = assertThrows(LocationReadException.class,
                () -> fetcher(List.of(), false).fetch("file", dir.resolve("catalog-info.yaml").toString(), null));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }
}

package dev.portal.catalog.location;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The SSRF guard of URL locations: allowed hosts only, and no internal addresses unless configured. */
class CatalogFileFetcherTest {

    private static CatalogFileFetcher fetcher(List<String> allow, boolean allowPrivate) {
        ReadingConfig.Reading reading = new ReadingConfig.Reading() {
            public Optional<List<String>> allow() { return Optional.of(allow); }
            public boolean allowPrivateAddresses() { return allowPrivate; }
            public int maxBytes() { return 1000; }
            public Duration timeout() { return Duration.ofSeconds(2); }
        };
        return new CatalogFileFetcher(new ReadingConfig() {
            public Reading reading() { return reading; }
            public Duration refreshInterval() { return Duration.ofMinutes(2); }
            public String orphanStrategy() { return "keep"; }
            public Optional<List<String>> staticLocations() { return Optional.empty(); }
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
}

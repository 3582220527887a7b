package dev.portal.events.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** The fetcher against a local HTTP server: limits of size and time, conditional requests, redirects re-checked. */
class GuardedHttpFetcherTest {

    private static final byte[] FILE = "kind: Component\n".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/file", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                exchange.sendResponseHeaders(200, FILE.length);
                exchange.getResponseBody().write(FILE);
            }
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the size is known only by reading
            exchange.getResponseBody().write(new byte[5_000]);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 600);
            OutputStream body = exchange.getResponseBody();
            try {
                for (int i = 0; i < 600; i++) { // a byte every 100 ms: headers at once, the body in a minute
                    body.write('x');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException gone) {
                // the client gave up
            }
            exchange.close();
        });
        server.createContext("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.example/file");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GuardedHttpFetcher fetcher(long maxBytes, Duration timeout) {
        return new GuardedHttpFetcher(List.of("127.0.0.1"), true, maxBytes, timeout, "test.reading");
    }

    @Test
    void readsAFileAndAsksConditionallyAfterwards() {
        GuardedHttpFetcher fetcher = fetcher(1_000, Duration.ofSeconds(5));
        GuardedHttpFetcher.Response first = fetcher.get(URI.create(base + "/file"), null, null);
        assertArrayEquals(FILE, first.body());
        assertEquals("\"v1\"", first.etag());
        assertTrue(fetcher.get(URI.create(base + "/file"), first.etag(), null).notModified());
    }

    @Test
    void refusesABodyOverTheSizeLimit() {
        FetchException refused = assertThrows(FetchException.class,
                () -> fetcher(1_000, Duration.ofSeconds(5)).get(URI.create(base + "/big"), null, null));
        assertTrue(refused.getMessage().endsWith("is larger than 1000 bytes"), refused.getMessage());
    }

    /** The headers come at once and the body never ends in time: the read still ends at the time limit. */
    @Test
    void givesUpOnABodyThatTakesLongerThanTheTimeLimit() {
        long started = System.nanoTime();
        FetchException refused = assertThrows(FetchException.class,
                () -> fetcher(1_000, Duration.ofMillis(800)).get(URI.create(base + "/slow"), null, null));
        assertTrue(refused.getMessage().contains("no whole answer within 800 ms"), refused.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 30_000, "it waited for the body");
    }

    @Test
    void checksARedirectsTargetAgain() {
        FetchException refused = assertThrows(FetchException.class,
                () -> fetcher(1_000, Duration.ofSeconds(5)).get(URI.create(base + "/away"), null, null));
        assertTrue(refused.getMessage().contains("Reading from elsewhere.example is not allowed"), refused.getMessage());
    }

    @Test
    void countsCarrierGradeNatSpaceAsInternal() throws IOException {
        assertTrue(GuardedHttpFetcher.isInternal(InetAddress.getByName("100.64.0.1")));
        assertTrue(GuardedHttpFetcher.isInternal(InetAddress.getByName("100.127.255.254")));
        assertEquals(false, GuardedHttpFetcher.isInternal(InetAddress.getByName("100.128.0.1")));
        assertEquals(false, GuardedHttpFetcher.isInternal(InetAddress.getByName("8.8.8.8")));
    }
}

package dev.portal.gateway.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.portal.gateway.GatewayConfig;
import dev.portal.gateway.GatewayError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A mutation waits longer for its service than a read: a write the gateway gave up on may still succeed, and the
 * caller, told it failed, retries into a duplicate (seen: registerLocation timing out at 2 s on a busy catalog that
 * then created the location).
 */
class DownstreamTimeoutTest {

    private HttpServer slowCatalog;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        slowCatalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowCatalog.createContext("/", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowCatalog.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowCatalog.start();
    }

    @AfterEach
    void stop() {
        slowCatalog.stop(0);
    }

    @Test
    void aReadGivesUpAtTheReadTimeoutWhileAWriteWaitsForItsAnswer() {
        Downstream downstream = new Downstream(config("http://127.0.0.1:" + slowCatalog.getAddress().getPort()),
                null, new SimpleMeterRegistry());

        GatewayError.Unavailable read = assertThrows(GatewayError.Unavailable.class,
                () -> downstream.get(Service.CATALOG, "/api/catalog/entities"));
        assertTrue(read.getMessage().contains("within 200 ms"), read.getMessage());

        assertEquals(true, downstream.write(Service.CATALOG, "POST", "/api/catalog/locations", java.util.Map.of())
                .path("ok").asBoolean());
        assertEquals(2, calls.get());
    }

    private static GatewayConfig config(String catalogUrl) {
        return (GatewayConfig) Proxy.newProxyInstance(DownstreamTimeoutTest.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "catalogUrl" -> catalogUrl;
                    case "timeout" -> Duration.ofMillis(200);
                    case "writeTimeout" -> Duration.ofSeconds(5);
                    case "breakerFailureThreshold" -> 5;
                    case "breakerOpenFor" -> Duration.ofSeconds(10);
                    default -> null;
                });
    }
}

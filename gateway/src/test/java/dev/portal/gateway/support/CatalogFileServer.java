package dev.portal.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/** Serves catalog-info.yaml files on loopback, for locations registered through the gateway. */
public final class CatalogFileServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> files = new ConcurrentHashMap<>();

    public CatalogFileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = files.get(exchange.getRequestURI().getPath());
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
    }

    /** Serves {@code yaml} at {@code path} and returns its URL. */
    public String serve(String path, String yaml) {
        files.put(path, yaml);
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

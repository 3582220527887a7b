package dev.portal.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.portal.devstack.PortalStack;
import dev.portal.events.Json;

/**
 * The catalog API over one shared {@link HttpClient} (HTTP/1.1 keep-alive: one connection per concurrent client),
 * with an admin token. Answers are returned as bytes: the load scenarios only check the status, so the tool spends
 * the machine's two cores on the service, not on parsing.
 */
final class CatalogClient {

    /** A non-2xx answer. */
    static final class HttpError extends RuntimeException {
        HttpError(String request, int status, byte[] body) {
            super(request + " -> HTTP " + status + ": "
                    + new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8));
        }
    }

    // Keycloak's portal realm issues 15-minute tokens; a benchmark run can be longer, so fetch a new one well before.
    // (KeycloakTokens caches a token for the life of the JVM, which suits tests but not this.)
    private static final long TOKEN_MAX_AGE_NANOS = Duration.ofMinutes(10).toNanos();

    private final String baseUrl;
    private final String username;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile long tokenFetchedAt;

    CatalogClient(String baseUrl, String username) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.username = username;
    }

    byte[] get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET(), "GET " + pathAndQuery);
    }

    /** A GET that gives up after {@code timeout}: for polling a service that may be too busy to answer. */
    byte[] get(String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET().timeout(timeout), "GET " + pathAndQuery);
    }

    byte[] post(String path, byte[] json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)), "POST " + path);
    }

    /**
     * A POST that may take long (registering a location reads its whole tree before answering) and whose answer may
     * be large: the body is counted, not kept. Returns its size in bytes.
     */
    long postDiscardingAnswer(String path, byte[] json, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token())
                .timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new HttpError("POST " + path, response.statusCode(), body.readNBytes(500));
            }
            return body.transferTo(OutputStream.nullOutputStream());
        }
    }

    private byte[] send(HttpRequest.Builder request, String label) throws IOException, InterruptedException {
        request.header("Authorization", "Bearer " + token());
        if (request.build().timeout().isEmpty()) {
            request.timeout(Duration.ofMinutes(5));
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new HttpError(label, response.statusCode(), response.body());
        }
        return response.body();
    }

    /** A new connection of the lean load client (one per load client: it is not thread-safe). */
    HttpConnection connection() {
        return new HttpConnection(baseUrl, this);
    }

    /** The Authorization header value, renewed before the token expires. */
    String authorization() throws IOException, InterruptedException {
        return "Bearer " + token();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String token() throws IOException, InterruptedException {
        if (token == null || System.nanoTime() - tokenFetchedAt > TOKEN_MAX_AGE_NANOS) {
            synchronized (this) {
                if (token == null || System.nanoTime() - tokenFetchedAt > TOKEN_MAX_AGE_NANOS) {
                    token = fetchToken();
                    tokenFetchedAt = System.nanoTime();
                }
            }
        }
        return token;
    }

    /** The password grant of the public client portal-web, as KeycloakTokens and the README do (password = username). */
    private String fetchToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=portal-web&scope=openid&username=" + encode(username)
                + "&password=" + encode(username);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create(PortalStack.oidcIssuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new HttpError("token for " + username, response.statusCode(), response.body());
        }
        return Json.tree(response.body()).get("access_token").asText();
    }
}

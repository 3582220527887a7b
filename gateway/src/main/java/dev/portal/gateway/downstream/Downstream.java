package dev.portal.gateway.downstream;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import dev.portal.gateway.GatewayConfig;
import dev.portal.gateway.GatewayError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Every HTTP call the gateway makes to a service goes through here: the caller's bearer token is forwarded (so each
 * service makes its own decision), each call has a timeout, each service has a circuit breaker, and each call is
 * counted in {@code portal_gateway_downstream_calls_total{service,outcome}}.
 */
@ApplicationScoped
public class Downstream {

    private final GatewayConfig config;
    private final SecurityIdentity identity;
    private final MeterRegistry metrics;
    private final HttpClient http;
    private final Map<Service, CircuitBreaker> breakers = new EnumMap<>(Service.class);

    public Downstream(GatewayConfig config, SecurityIdentity identity, MeterRegistry metrics) {
        this.config = config;
        this.identity = identity;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout()).build();
        for (Service service : Service.values()) {
            breakers.put(service, new CircuitBreaker(config.breakerFailureThreshold(), config.breakerOpenFor(), System::nanoTime));
        }
    }

    public JsonNode get(Service service, String pathAndQuery) {
        return send(service, "GET", pathAndQuery, null);
    }

    /** A read that takes a body (e.g. by-refs): the read timeout applies. */
    public JsonNode post(Service service, String path, Object body) {
        return send(service, "POST", path, body);
    }

    /** A change (a mutation's call): waits up to the write timeout. {@code body} may be null. */
    public JsonNode write(Service service, String method, String path, Object body) {
        return send(service, method, path, body, config.writeTimeout());
    }

    public CircuitBreaker.State breakerState(Service service) {
        return breakers.get(service).state();
    }

    /**
     * One call: the parsed JSON body (NullNode for an empty one) of a 2xx answer; a {@link GatewayError} otherwise —
     * the service's own status and message for a 4xx, SERVICE_UNAVAILABLE for a 5xx, a timeout, a refused connection
     * or an open breaker.
     */
    public JsonNode send(Service service, String method, String pathAndQuery, Object body) {
        return send(service, method, pathAndQuery, body, config.timeout());
    }

    private JsonNode send(Service service, String method, String pathAndQuery, Object body, Duration timeout) {
        CircuitBreaker breaker = breakers.get(service);
        if (!breaker.tryAcquire()) {
            count(service, "short-circuited");
            throw new GatewayError.Unavailable(service.id() + " is unavailable (circuit breaker open)", service.id(), 503, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(service) + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json");
        String token = rawToken();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body instanceof byte[] b ? b : Json.toBytes(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            breaker.onFailure();
            count(service, "timeout");
            throw new GatewayError.Unavailable(service.id() + " did not answer within " + timeout.toMillis() + " ms",
                    service.id(), 504, e);
        } catch (IOException e) {
            breaker.onFailure();
            count(service, "error");
            throw new GatewayError.Unavailable(service.id() + " is unavailable: " + describe(e), service.id(), 503, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayError.Unavailable(service.id() + " call interrupted", service.id(), 503, e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            breaker.onFailure();
            count(service, "error");
            throw new GatewayError.Unavailable(service.id() + " failed: HTTP " + status + " " + message(response.body()),
                    service.id(), status, null);
        }
        breaker.onSuccess();   // a 4xx is an answer: the service is up
        count(service, status < 400 ? "ok" : "rejected");
        if (status >= 400) {
            throw GatewayError.forStatus(status, message(response.body()), service.id());
        }
        return response.body().length == 0 ? Json.mapper().nullNode() : Json.tree(response.body());
    }

    private String baseUrl(Service service) {
        return switch (service) {
            case CATALOG -> config.catalogUrl();
            case SEARCH -> config.searchUrl();
            case TECHDOCS -> config.techdocsUrl();
            case SCORECARD -> config.scorecardUrl();
        };
    }

    private String rawToken() {
        try {
            if (identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt) {
                return jwt.getRawToken();
            }
        } catch (RuntimeException e) {
            // no request context (e.g. a background task): call without a token
        }
        return null;
    }

    private void count(Service service, String outcome) {
        Counter.builder("portal.gateway.downstream.calls").description("HTTP calls from the gateway to a service")
                .tag("service", service.id()).tag("outcome", outcome).register(metrics).increment();
    }

    /** The message of Backstage's error body {@code {error:{name,message}}}, or the body as text. */
    private static String message(byte[] body) {
        try {
            JsonNode tree = Json.tree(body);
            String message = tree.path("error").path("message").asText(null);
            if (message != null) {
                return message;
            }
        } catch (RuntimeException e) {
            // not JSON
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

package dev.portal.devstack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;

/**
 * Real access tokens from the local Keycloak's portal realm, for the demo users (password = username), and the bad
 * tokens every service must refuse: forged, expired, from another issuer.
 */
public final class KeycloakTokens {

    /** A public client whose tokens live one second (created on first use): the source of real expired tokens. */
    private static final String EXPIRING_CLIENT = "portal-test-expiring";

    private record Token(String value, long expiresAtSeconds) {
    }

    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, String> EXPIRED = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private KeycloakTokens() {
    }

    /**
     * An access token for {@code username}, by the password grant of the public client {@code portal-web}; the same
     * one while it has more than a minute to live (a test JVM can outlive the realm's 15-minute tokens).
     */
    public static String accessToken(String username) {
        return CACHE.compute(username, (user, cached) ->
                cached != null && cached.expiresAtSeconds() - 60 > Instant.now().getEpochSecond() ? cached
                        : requestToken("portal-web", user)).value();
    }

    /**
     * A token Keycloak signed for {@code username} that has expired: genuine in every way but its {@code exp}. The
     * first call per user waits for it to expire (about 3 s).
     */
    public static String expiredAccessToken(String username) {
        return EXPIRED.computeIfAbsent(username, KeycloakTokens::requestExpiredToken);
    }

    private static String requestExpiredToken(String username) {
        ensureExpiringClient();
        Token token = requestToken(EXPIRING_CLIENT, username);
        long waitMillis = (token.expiresAtSeconds() + 2) * 1000 - System.currentTimeMillis();
        if (waitMillis > 0) {
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token.value();
    }

    /**
     * A well-formed RS256 token with the claims of a real one for {@code username} (audience, groups, roles, a future
     * {@code exp}) but issued and signed by someone else: another issuer and a key Keycloak never published.
     */
    public static String foreignIssuerToken(String username) {
        try {
            String[] parts = accessToken(username).split("\\.");
            ObjectNode header = Json.mapper().createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", "foreign");
            ObjectNode claims = (ObjectNode) Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            claims.put("iss", "http://127.0.0.1:1/realms/portal");
            String signingInput = encode(header.toString()) + "." + encode(claims.toString());
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign((RSAPrivateKey) generator.generateKeyPair().getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
        } catch (Exception e) {
            throw new IllegalStateException("could not make a foreign token", e);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Token requestToken(String client, String username) {
        String form = "grant_type=password&client_id=" + client + "&scope=openid"
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
        JsonNode body = post(PortalStack.oidcIssuer() + "/protocol/openid-connect/token", null,
                "application/x-www-form-urlencoded", form, 200, "a token for " + username);
        return new Token(body.get("access_token").asText(),
                Instant.now().getEpochSecond() + body.path("expires_in").asLong(60));
    }

    /** Creates the one-second client through Keycloak's admin API unless it exists (a stack imported before it). */
    private static synchronized void ensureExpiringClient() {
        String keycloak = PortalStack.oidcIssuer().replace("/realms/portal", "");
        String admin = post(keycloak + "/realms/master/protocol/openid-connect/token", null,
                "application/x-www-form-urlencoded", "grant_type=password&client_id=admin-cli&username=admin&password=admin",
                200, "an admin token").get("access_token").asText();
        JsonNode found = send(HttpRequest.newBuilder(URI.create(keycloak + "/admin/realms/portal/clients?clientId="
                + EXPIRING_CLIENT)).header("Authorization", "Bearer " + admin).GET().build(), 200, "the clients");
        if (!found.isEmpty()) {
            return;
        }
        ObjectNode client = Json.mapper().createObjectNode().put("clientId", EXPIRING_CLIENT).put("publicClient", true)
                .put("directAccessGrantsEnabled", true).put("standardFlowEnabled", false);
        client.putObject("attributes").put("access.token.lifespan", "1");
        ObjectNode audience = client.putArray("protocolMappers").addObject().put("name", "audience-portal-backend")
                .put("protocol", "openid-connect").put("protocolMapper", "oidc-audience-mapper");
        audience.putObject("config").put("included.client.audience", "portal-backend").put("access.token.claim", "true");
        post(keycloak + "/admin/realms/portal/clients", admin, "application/json", client.toString(), 201,
                "the client " + EXPIRING_CLIENT);
    }

    private static JsonNode post(String url, String bearer, String contentType, String body, int expected, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build(), expected, what);
    }

    private static JsonNode send(HttpRequest request, int expected, String what) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("Keycloak refused " + what + ": HTTP " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body().length == 0 ? Json.mapper().createObjectNode() : Json.tree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Keycloak did not answer at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

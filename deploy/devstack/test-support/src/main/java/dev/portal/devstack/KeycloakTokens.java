package dev.portal.devstack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.portal.events.Json;

/** Real access tokens from the local Keycloak's portal realm, for the demo users (password = username). */
public final class KeycloakTokens {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private KeycloakTokens() {
    }

    /** An access token for {@code username}, by the password grant of the public client {@code portal-web}. */
    public static String accessToken(String username) {
        return CACHE.computeIfAbsent(username, KeycloakTokens::requestToken);
    }

    private static String requestToken(String username) {
        String form = "grant_type=password&client_id=portal-web&scope=openid"
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(PortalStack.oidcIssuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return Json.tree(response.body()).get("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Keycloak did not answer at " + PortalStack.oidcIssuer(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.portal.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.KeycloakTokens;
import dev.portal.events.Json;

/** A graphql-transport-ws client (the graphql-ws protocol) on the JDK's WebSocket, for subscription tests. */
public final class GraphQLWebSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

    public GraphQLWebSocket(URI graphqlHttpUri, String user) throws Exception {
        URI ws = URI.create(graphqlHttpUri.toString().replaceFirst("^http", "ws"));
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + KeycloakTokens.accessToken(user))
                .subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(ws, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            messages.add(Json.tree(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        send(Map.of("type", "connection_init", "payload", Map.of()));
        JsonNode ack = next(30);
        if (ack == null || !"connection_ack".equals(ack.path("type").asText())) {
            throw new AssertionError("no connection_ack: " + ack);
        }
    }

    public void subscribe(String id, String query) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query)));
    }

    /** The next message, or null after {@code seconds}. */
    public JsonNode next(int seconds) throws InterruptedException {
        return messages.poll(seconds, TimeUnit.SECONDS);
    }

    private void send(Object message) {
        socket.sendText(new String(Json.toBytes(message), java.nio.charset.StandardCharsets.UTF_8), true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}

package dev.portal.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;

/** A graphql-transport-ws client on the JDK's WebSocket, signed in with a demo user's token, for subscriptions. */
public final class GraphQLWebSocket implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();

    /** Connects to the gateway whose GraphQL endpoint is {@code graphqlHttpUri} (http://…/graphql) as {@code user}. */
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
                            messages.add(Json.tree(text.toString().getBytes(StandardCharsets.UTF_8)));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        send(Map.of("type", "connection_init", "payload", Map.of()));
        JsonNode ack = messages.poll(30, TimeUnit.SECONDS);
        if (ack == null || !"connection_ack".equals(ack.path("type").asText())) {
            throw new AssertionError("no connection_ack from " + ws + ": " + ack);
        }
    }

    public void subscribe(String id, String query) {
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query)));
    }

    /** The next message, whatever it is, or null after {@code seconds}. */
    public JsonNode next(int seconds) throws InterruptedException {
        return messages.poll(seconds, TimeUnit.SECONDS);
    }

    /** Ends a subscription. */
    public void complete(String id) {
        send(Map.of("id", id, "type", "complete"));
    }

    /**
     * The next {@code entityChanged} payload that {@code wanted} accepts, skipping others; fails after
     * {@code timeout} listing every message received.
     */
    public JsonNode awaitChange(Predicate<JsonNode> wanted, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("no subscription event " + what + " within " + timeout.toSeconds()
                        + " s; received: " + seen);
            }
            seen.add(message);
            if ("error".equals(message.path("type").asText())) {
                throw new AssertionError("subscription error: " + message);
            }
            JsonNode change = message.at("/payload/data/entityChanged");
            if (!change.isMissingNode() && wanted.test(change)) {
                return change;
            }
        }
    }

    private void send(Object message) {
        socket.sendText(new String(Json.toBytes(message), StandardCharsets.UTF_8), true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}

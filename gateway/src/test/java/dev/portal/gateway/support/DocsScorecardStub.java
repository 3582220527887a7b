package dev.portal.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.portal.events.Json;

/**
 * TechDocs and scorecards as their contracts describe them (the services themselves are being written), served on
 * one loopback port. Components have built docs with a nav tree and one broken link; every entity has the
 * "production-readiness" scorecard with a passing and a failing check. Exemptions may be created by members of
 * payments-team (bob, carol) for some payments entities — the rule the real service applies is ownership; others get 403.
 */
public final class DocsScorecardStub {

    public final AtomicInteger docsCalls = new AtomicInteger();
    public final AtomicInteger scorecardCalls = new AtomicInteger();
    public final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    public final Map<String, JsonNode> exemptions = new ConcurrentHashMap<>();
    private final HttpServer server;
    static final Set<String> PAYMENTS_TEAM_OWNS = Set.of("component:default/ledger-service",
            "component:default/fraud-scoring-service", "system:default/payments", "api:default/payments-api");

    private DocsScorecardStub(HttpServer server) {
        this.server = server;
    }

    public static DocsScorecardStub start() throws IOException {
        // Without TCP_NODELAY the JDK server's small answers wait for delayed ACKs: ~40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DocsScorecardStub stub = new DocsScorecardStub(server);
        server.createContext("/", stub::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        return stub;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                send(exchange, 401, error("AuthenticationError", "no token", 401));
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/api/techdocs/entities/docs")) {
                docsCalls.incrementAndGet();
                lastAuthorization.put("techdocs", auth);
                ObjectNode out = Json.mapper().createObjectNode();
                ArrayNode items = out.putArray("items");
                for (JsonNode ref : Json.tree(body).path("entityRefs")) {
                    items.add(docs(ref.asText()));
                }
                send(exchange, 200, out);
            } else if (path.startsWith("/api/techdocs/entity/") && path.endsWith("/page")) {
                docsCalls.incrementAndGet();
                String query = exchange.getRequestURI().getQuery();
                String pagePath = query == null ? "" : java.net.URLDecoder.decode(query.replaceFirst("^path=", ""), StandardCharsets.UTF_8);
                if (!pagePath.equals("index.md") && !pagePath.equals("runbook.md")) {
                    send(exchange, 404, error("NotFoundError", "No page " + pagePath, 404));
                    return;
                }
                ObjectNode page = Json.mapper().createObjectNode().put("path", pagePath).put("title", "Overview")
                        .put("html", "<h1 id=\"overview\">Overview</h1><p>Safe HTML.</p>");
                page.putArray("toc").addObject().put("level", 1).put("id", "overview").put("title", "Overview");
                send(exchange, 200, page);
            } else if (path.equals("/api/scorecards/entities/by-refs")) {
                scorecardCalls.incrementAndGet();
                lastAuthorization.put("scorecard", auth);
                ObjectNode out = Json.mapper().createObjectNode();
                ArrayNode items = out.putArray("items");
                for (JsonNode ref : Json.tree(body).path("entityRefs")) {
                    items.add(scorecards(ref.asText()));
                }
                send(exchange, 200, out);
            } else if (path.equals("/api/scorecards/exemptions") && exchange.getRequestMethod().equals("POST")) {
                JsonNode request = Json.tree(body);
                String user = username(auth);
                String ref = request.path("entityRef").asText();
                boolean owner = Set.of("bob", "carol", "erin").contains(user) && PAYMENTS_TEAM_OWNS.contains(ref)
                        || "alice".equals(user);
                if (!owner) {
                    send(exchange, 403, error("NotAllowedError", user + " does not own " + ref, 403));
                    return;
                }
                ObjectNode exemption = ((ObjectNode) request.deepCopy()).put("id", UUID.randomUUID().toString())
                        .put("createdBy", "user:default/" + user);
                exemptions.put(exemption.get("id").asText(), exemption);
                send(exchange, 201, exemption);
            } else if (path.startsWith("/api/scorecards/exemptions/") && exchange.getRequestMethod().equals("DELETE")) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                if (exemptions.remove(id) == null) {
                    send(exchange, 404, error("NotFoundError", "No exemption " + id, 404));
                    return;
                }
                exchange.sendResponseHeaders(204, -1);
            } else {
                send(exchange, 404, error("NotFoundError", "No route " + path, 404));
            }
        }
    }

    private static JsonNode docs(String ref) {
        ObjectNode item = Json.mapper().createObjectNode().put("entityRef", ref);
        if (!ref.startsWith("component:")) {
            return item.put("status", "none").put("pageCount", 0);
        }
        item.put("status", "built").put("siteName", ref + " docs").put("siteDescription", "Docs of " + ref)
                .put("buildTimestamp", "2026-11-27T10:00:00Z").putNull("lastError").put("pageCount", 2);
        ArrayNode nav = item.putArray("nav");
        ObjectNode home = nav.addObject().put("title", "Home").put("path", "index.md");
        home.putArray("children").addObject().put("title", "Runbook").put("path", "runbook.md").putArray("children");
        item.putArray("brokenLinks").addObject().put("page", "index.md").put("target", "missing.md").put("kind", "page");
        return item;
    }

    private static JsonNode scorecards(String ref) {
        ObjectNode item = Json.mapper().createObjectNode().put("entityRef", ref);
        ObjectNode card = item.putArray("scorecards").addObject().put("id", "production-readiness")
                .put("title", "Production readiness").put("level", "bronze").put("lastChangedAt", "2026-11-27T09:00:00Z");
        card.putArray("levels").add("bronze").add("silver").add("gold");
        ArrayNode checks = card.putArray("checks");
        checks.addObject().put("id", "has-owner").put("title", "Has an owner").put("level", "bronze")
                .put("status", "pass").put("message", "owned").putNull("remediation").putNull("exemption");
        checks.addObject().put("id", "has-runbook").put("title", "Has a runbook").put("level", "silver")
                .put("status", "fail").put("message", "no runbook link")
                .put("remediation", "Add a metadata.links entry titled Runbook").putNull("exemption");
        return item;
    }

    private static String username(String authorization) {
        String token = authorization.substring("Bearer ".length());
        String[] parts = token.split("\\.");
        JsonNode claims = Json.tree(Base64.getUrlDecoder().decode(parts[1]));
        return claims.path("preferred_username").asText();
    }

    private static ObjectNode error(String name, String message, int status) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error").put("name", name).put("message", message);
        body.putObject("response").put("statusCode", status);
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.toBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}

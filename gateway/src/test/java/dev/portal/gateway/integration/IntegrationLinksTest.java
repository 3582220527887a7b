package dev.portal.gateway.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.Json;
import dev.portal.gateway.GatewayConfig;

/**
 * The integration links an entity gets through the templates of application.properties (with their default base
 * URLs): only http and https links reach clients, whatever the annotations and metadata.links say.
 */
class IntegrationLinksTest {

    private static final IntegrationLinks LINKS = new IntegrationLinks(config(templates()));

    /** name; the entity's annotations and metadata.links; which link (template id, or metadata.links:title); its URL or null. */
    static Stream<Arguments> table() {
        return Stream.of(
                row("a javascript: view-url is dropped", Map.of("backstage.io/view-url", "javascript:alert(document.cookie)"), List.of(),
                        "view", null),
                row("a JavaScript: edit-url in another case is dropped", Map.of("backstage.io/edit-url", "JaVaScRiPt:alert(1)"), List.of(),
                        "edit", null),
                row("a javascript: URL after whitespace is dropped", Map.of("backstage.io/view-url", " \tjavascript:alert(1)"), List.of(),
                        "view", null),
                row("a data: datadog dashboard is dropped", Map.of("datadoghq.com/dashboard-url", "data:text/html,<script>alert(1)</script>"),
                        List.of(), "datadog", null),
                row("a url:javascript: source location is dropped", Map.of("backstage.io/source-location", "url:javascript:alert(1)"),
                        List.of(), "source", null),
                row("a relative view-url is dropped", Map.of("backstage.io/view-url", "//evil.example.com/x"), List.of(), "view", null),
                row("an https view-url is kept", Map.of("backstage.io/view-url", "https://github.com/acme/pay/blob/main/catalog-info.yaml"),
                        List.of(), "view", "https://github.com/acme/pay/blob/main/catalog-info.yaml"),
                row("an HTTP edit-url (scheme in capitals) is kept", Map.of("backstage.io/edit-url", "HTTP://git.example.com/edit"),
                        List.of(), "edit", "HTTP://git.example.com/edit"),
                row("a url: source location is kept without its prefix", Map.of("backstage.io/source-location", "url:https://x.example.com/y/"),
                        List.of(), "source", "https://x.example.com/y/"),
                row("a javascript: metadata.links entry is dropped", Map.of(),
                        List.of(Map.of("url", "javascript:alert(document.cookie)", "title", "Runbook")), "metadata.links:Runbook", null),
                row("a vbscript: metadata.links entry is dropped", Map.of(),
                        List.of(Map.of("url", "VBScript:msgbox(1)", "title", "Old")), "metadata.links:Old", null),
                row("a metadata.links entry whose url is not a string is dropped", Map.of(),
                        List.of(Map.of("url", Map.of("href", "https://x.example.com"), "title", "Odd")), "metadata.links:Odd", null),
                row("an https metadata.links entry is kept", Map.of(),
                        List.of(Map.of("url", "https://runbooks.example.com/pay", "title", "Runbook")), "metadata.links:Runbook",
                        "https://runbooks.example.com/pay"),
                row("a Jenkins job at the top level", Map.of("jenkins.io/job-full-name", "build"), List.of(),
                        "jenkins", "https://jenkins.example.com/job/build"),
                row("a Jenkins job in a folder nests each segment as /job/<segment>", Map.of("jenkins.io/job-full-name", "folder/job"),
                        List.of(), "jenkins", "https://jenkins.example.com/job/folder/job/job"),
                row("a Jenkins job of a named instance, two folders deep", Map.of("jenkins.io/job-full-name", "prod:payments/api server/build"),
                        List.of(), "jenkins", "https://jenkins.example.com/job/payments/job/api%20server/job/build"),
                row("Kubernetes workloads by label selector", Map.of("backstage.io/kubernetes-label-selector", "app=pay,app.kubernetes.io/part-of=payments"),
                        List.of(), "kubernetes-selector",
                        "https://kubernetes.example.com/#/workloads?namespace=_all&labelSelector=app%3Dpay%2Capp.kubernetes.io/part-of%3Dpayments"),
                row("an encoded template value stays inside its https template", Map.of("github.com/project-slug", "javascript:alert(1)"),
                        List.of(), "github", "https://github.com/javascript%3Aalert%281%29"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void onlyHttpAndHttpsLinksReachClients(String name, Map<String, Object> annotations, List<Map<String, Object>> metadataLinks,
                                           String which, String expectedUrl) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("name", "a");
        metadata.put("annotations", annotations);
        metadata.put("links", metadataLinks);
        JsonNode entity = Json.mapper().valueToTree(Map.of("kind", "Component", "metadata", metadata));

        List<IntegrationLink> links = LINKS.links(entity);

        assertEquals(expectedUrl, links.stream().filter(l -> is(l, which)).map(IntegrationLink::url).findFirst().orElse(null),
                name + ": " + links);
        for (IntegrationLink link : links) {
            assertTrue(link.url().regionMatches(true, 0, "http://", 0, 7) || link.url().regionMatches(true, 0, "https://", 0, 8),
                    name + ": " + link);
        }
    }

    private static boolean is(IntegrationLink link, String which) {
        if (which.startsWith("metadata.links:")) {
            return "metadata.links".equals(link.source()) && which.substring("metadata.links:".length()).equals(link.title());
        }
        return which.equals(link.id()) && !"metadata.links".equals(link.source());
    }

    private static Arguments row(String name, Map<String, Object> annotations, List<Map<String, Object>> metadataLinks,
                                 String which, String expectedUrl) {
        return Arguments.of(name, annotations, metadataLinks, which, expectedUrl);
    }

    /** portal.gateway.integration.* of application.properties, each ${VARIABLE:default} at its default. */
    static Map<String, String> templates() {
        Properties properties = new Properties();
        try (InputStream in = IntegrationLinksTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pattern variable = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");
        Map<String, String> templates = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("portal.gateway.integration.")) {
                Matcher m = variable.matcher(properties.getProperty(key));
                templates.put(key.substring("portal.gateway.integration.".length()), m.replaceAll(r -> Matcher.quoteReplacement(r.group(1))));
            }
        }
        assertTrue(templates.containsKey("jenkins") && templates.containsKey("view"), templates.toString());
        return templates;
    }

    static GatewayConfig config(Map<String, String> templates) {
        return (GatewayConfig) Proxy.newProxyInstance(IntegrationLinksTest.class.getClassLoader(), new Class<?>[] {GatewayConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "integration" -> templates;
                    case "integrationTitle" -> Map.of();
                    default -> null;
                });
    }
}

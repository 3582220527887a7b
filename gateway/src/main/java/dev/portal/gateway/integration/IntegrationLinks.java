package dev.portal.gateway.integration;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.gateway.GatewayConfig;

/**
 * Links derived from well-known annotations (PagerDuty, GitHub, GitHub Actions, GitLab, Grafana, Kubernetes, SonarQube,
 * Sentry, Argo CD, Jira, Datadog, …) through URL templates the operator configures per installation
 * ({@code portal.gateway.integration.<id>=https://…/{annotation-key}}), plus {@code metadata.links}. A placeholder
 * {@code {key}} is URL-encoded (keeping '/'), {@code {key|raw}} is inserted as is, {@code {key|url}} drops a
 * {@code url:} prefix (Backstage's location refs), {@code {key|jenkins}} turns a Jenkins job's full name
 * ({@code [instance:]folder/job}) into its path ({@code job/folder/job/job}). A template yields a link only when all
 * its annotations are set.
 *
 * <p>Only {@code http} and {@code https} URLs are returned: annotations and {@code metadata.links} are written by
 * whoever registers an entity, and a {@code javascript:} (or {@code data:}, …) URL would run in the page showing it.
 */
@ApplicationScoped
public class IntegrationLinks {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}|]+)(\\|(raw|url|jenkins))?}");
    /** How the URLs links may have start: http or https (any case), nothing before the scheme. */
    private static final Pattern WEB_URL = Pattern.compile("(?i)https?://\\S");

    private final Map<String, String> templates;
    private final Map<String, String> titles;

    public IntegrationLinks(GatewayConfig config) {
        this.templates = new TreeMap<>(config.integration());
        this.titles = config.integrationTitle();
    }

    public List<IntegrationLink> links(JsonNode entity) {
        JsonNode annotations = entity.path("metadata").path("annotations");
        List<IntegrationLink> links = new ArrayList<>();
        templates.forEach((id, template) -> {
            String url = expand(template, annotations);
            if (isWebUrl(url)) {
                Matcher first = PLACEHOLDER.matcher(template);
                String annotation = first.find() ? first.group(1) : null;
                links.add(new IntegrationLink(id, titles.getOrDefault(id, id), url, annotation,
                        annotation == null ? null : annotations.path(annotation).asText(null)));
            }
        });
        for (JsonNode link : entity.path("metadata").path("links")) {
            if (link.path("url").isTextual() && isWebUrl(link.get("url").asText())) {
                links.add(new IntegrationLink(link.path("type").asText(link.path("icon").asText("link")),
                        link.path("title").asText(null), link.get("url").asText(), "metadata.links", null));
            }
        }
        return links;
    }

    /** Whether a link may be handed to clients: an http or https URL (no other scheme, nothing relative). */
    static boolean isWebUrl(String url) {
        return url != null && WEB_URL.matcher(url).lookingAt();
    }

    /** The URL of one template for these annotations, or null when an annotation it needs is missing. */
    public static String expandTemplate(String template, JsonNode annotations) {
        return expand(template, annotations);
    }

    static String expand(String template, JsonNode annotations) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            any = true;
            JsonNode value = annotations.path(m.group(1).trim());
            if (!value.isTextual() || value.asText().isBlank()) {
                return null;
            }
            String v = value.asText().trim();
            String mode = m.group(3);
            String replacement;
            if ("url".equals(mode)) {
                replacement = v.startsWith("url:") ? v.substring(4) : v;
            } else if ("raw".equals(mode)) {
                replacement = v;
            } else if ("jenkins".equals(mode)) {
                replacement = jenkinsJobPath(v);
                if (replacement == null) {
                    return null;
                }
            } else {
                replacement = encode(v).replace("%2F", "/");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return any ? out.toString() : null;
    }

    /**
     * {@code job/folder/job/job} for Backstage's {@code jenkins.io/job-full-name} {@code [instance:]folder/job}: Jenkins
     * nests each folder as {@code /job/<name>}. The instance is dropped (one Jenkins per template); null when no job
     * is named.
     */
    static String jenkinsJobPath(String fullName) {
        int slash = fullName.indexOf('/');
        int colon = fullName.indexOf(':');
        String path = colon >= 0 && (slash < 0 || colon < slash) ? fullName.substring(colon + 1) : fullName;
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!segment.isBlank()) {
                out.append(out.length() == 0 ? "job/" : "/job/").append(encode(segment.trim()));
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * The gateway's timeouts, entity cache, query limits and integration base URLs, the techdocs-service's size limits and
 * the scorecard-service's starter scorecard reach each service as the environment variables its configuration reads.
 * With defaults they equal the services' own defaults (application.properties or the {@code @WithDefault} of their
 * {@code @ConfigMapping}), so an install with defaults behaves as before.
 */
class ServiceSettingsTest {

    private static Map<String, String> config(RenderedChart chart, String service) {
        return chart.named(ConfigMap.class, RenderedChart.nameOf(service)).getData();
    }

    @Test
    void gatewayDefaultsAreTheServicesOwn() {
        Map<String, String> config = config(RenderedChart.withDefaults(), "gateway");
        assertThat(config)
                .containsEntry("PORTAL_GATEWAY_TIMEOUT", "PT2S")
                .containsEntry("PORTAL_GATEWAY_WRITE_TIMEOUT", "PT15S")
                .containsEntry("PORTAL_GATEWAY_CACHE_MAX_ENTITIES", "100000")
                .containsEntry("PORTAL_GATEWAY_MAX_DEPTH", "12")
                .containsEntry("PORTAL_GATEWAY_MAX_COMPLEXITY", "1000")
                .containsEntry("PORTAL_GATEWAY_MAX_LIST_ITEMS", "1000")
                .containsEntry("PORTAL_GITHUB_URL", "https://github.com")
                .containsEntry("PORTAL_GITLAB_URL", "https://gitlab.com")
                .containsEntry("PORTAL_PAGERDUTY_URL", "https://app.pagerduty.com")
                .containsEntry("PORTAL_GRAFANA_URL", "https://grafana.example.com")
                .containsEntry("PORTAL_KUBERNETES_DASHBOARD_URL", "https://kubernetes.example.com")
                .containsEntry("PORTAL_SONARQUBE_URL", "https://sonarcloud.io")
                .containsEntry("PORTAL_SENTRY_URL", "https://sentry.io")
                .containsEntry("PORTAL_SENTRY_ORG", "example")
                .containsEntry("PORTAL_ARGOCD_URL", "https://argocd.example.com")
                .containsEntry("PORTAL_JIRA_URL", "https://example.atlassian.net")
                .containsEntry("PORTAL_OPSGENIE_URL", "https://app.opsgenie.com")
                .containsEntry("PORTAL_SNYK_URL", "https://app.snyk.io")
                .containsEntry("PORTAL_JENKINS_URL", "https://jenkins.example.com")
                .containsEntry("PORTAL_CIRCLECI_URL", "https://app.circleci.com")
                .containsEntry("PORTAL_BUILDKITE_URL", "https://buildkite.com")
                .containsEntry("PORTAL_ROLLBAR_URL", "https://rollbar.com");
    }

    @Test
    void gatewaySettingsAreConfigurable() {
        Map<String, String> config = config(RenderedChart.render(t -> t
                .set("gateway.timeout", "PT5S")
                .set("gateway.writeTimeout", "PT30S")
                .set("gateway.cache.maxEntities", "250000")
                .set("gateway.queryLimits.maxDepth", "8")
                .set("gateway.queryLimits.maxComplexity", "500")
                .set("gateway.queryLimits.maxListItems", "200")
                .set("gateway.integrations.githubUrl", "https://github.example.com")
                .set("gateway.integrations.grafanaUrl", "https://grafana.internal.example.org")
                .set("gateway.integrations.sentryOrg", "acme")), "gateway");
        assertThat(config)
                .containsEntry("PORTAL_GATEWAY_TIMEOUT", "PT5S")
                .containsEntry("PORTAL_GATEWAY_WRITE_TIMEOUT", "PT30S")
                .containsEntry("PORTAL_GATEWAY_CACHE_MAX_ENTITIES", "250000")
                .containsEntry("PORTAL_GATEWAY_MAX_DEPTH", "8")
                .containsEntry("PORTAL_GATEWAY_MAX_COMPLEXITY", "500")
                .containsEntry("PORTAL_GATEWAY_MAX_LIST_ITEMS", "200")
                .containsEntry("PORTAL_GITHUB_URL", "https://github.example.com")
                .containsEntry("PORTAL_GRAFANA_URL", "https://grafana.internal.example.org")
                .containsEntry("PORTAL_SENTRY_ORG", "acme")
                .containsEntry("PORTAL_PAGERDUTY_URL", "https://app.pagerduty.com");
    }

    @Test
    void theSettingsStayOnTheirOwnService() {
        RenderedChart chart = RenderedChart.withDefaults();
        for (String service : new String[] {"catalog", "search", "scorecard", "techdocs"}) {
            assertThat(config(chart, service)).as(service).doesNotContainKeys("PORTAL_GATEWAY_TIMEOUT", "PORTAL_GRAFANA_URL");
        }
        for (String service : new String[] {"catalog", "search", "scorecard", "gateway"}) {
            assertThat(config(chart, service)).as(service).doesNotContainKey("PORTAL_TECHDOCS_LIMITS_MAX_FILES");
        }
        for (String service : new String[] {"catalog", "search", "techdocs", "gateway"}) {
            assertThat(config(chart, service)).as(service).doesNotContainKey("PORTAL_SCORECARDS_STARTER_DEFINITIONS");
        }
    }

    @Test
    void aVariableSetThroughEnvReplacesTheChartsOnceInsteadOfRepeatingTheKey() {
        // Installs that set these through env before the chart had values for them keep working on upgrade.
        RenderedChart chart = RenderedChart.render(t -> t
                .set("gateway.env.PORTAL_GRAFANA_URL", "https://grafana.from-env.example.org")
                .set("env.PORTAL_GATEWAY_MAX_DEPTH", "9"));
        assertThat(config(chart, "gateway"))
                .containsEntry("PORTAL_GRAFANA_URL", "https://grafana.from-env.example.org")
                .containsEntry("PORTAL_GATEWAY_MAX_DEPTH", "9");
        String gatewayConfigMap = chart.documents().stream()
                .filter(d -> d.contains("kind: ConfigMap") && d.contains("name: " + RenderedChart.nameOf("gateway") + "\n"))
                .findFirst().orElseThrow();
        assertThat(gatewayConfigMap.split("PORTAL_GRAFANA_URL:", -1)).as("one PORTAL_GRAFANA_URL key").hasSize(2);
        assertThat(gatewayConfigMap.split("PORTAL_GATEWAY_MAX_DEPTH:", -1)).as("one PORTAL_GATEWAY_MAX_DEPTH key").hasSize(2);
    }

    @Test
    void techdocsLimitsDefaultToTheServicesOwnAndAreConfigurable() {
        Map<String, String> defaults = config(RenderedChart.withDefaults(), "techdocs");
        assertThat(defaults)
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_PAGE_BYTES", "1000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_SITE_BYTES", "50000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_ARCHIVE_BYTES", "50000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_FILES", "5000");

        Map<String, String> configured = config(RenderedChart.render(t -> t
                .set("techdocs.limits.maxPageBytes", "2000000")
                .set("techdocs.limits.maxSiteBytes", "200000000")
                .set("techdocs.limits.maxArchiveBytes", "100000000")
                .set("techdocs.limits.maxFiles", "20000")), "techdocs");
        assertThat(configured)
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_PAGE_BYTES", "2000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_SITE_BYTES", "200000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_ARCHIVE_BYTES", "100000000")
                .containsEntry("PORTAL_TECHDOCS_LIMITS_MAX_FILES", "20000");
    }

    @Test
    void largeLimitsFromAValuesFileAreNotWrittenInScientificNotation() throws Exception {
        java.nio.file.Path values = java.nio.file.Files.createTempFile("portal-limits", ".yaml");
        try {
            java.nio.file.Files.writeString(values, """
                    techdocs:
                      limits:
                        maxSiteBytes: 300000000
                    gateway:
                      cache:
                        maxEntities: 5000000
                    """);
            RenderedChart chart = RenderedChart.withValues(values);
            assertEquals("300000000", config(chart, "techdocs").get("PORTAL_TECHDOCS_LIMITS_MAX_SITE_BYTES"));
            assertEquals("5000000", config(chart, "gateway").get("PORTAL_GATEWAY_CACHE_MAX_ENTITIES"));
        } finally {
            java.nio.file.Files.deleteIfExists(values);
        }
    }

    @Test
    void theStarterScorecardIsLoadedUnlessTurnedOff() {
        assertEquals("true", config(RenderedChart.withDefaults(), "scorecard").get("PORTAL_SCORECARDS_STARTER_DEFINITIONS"));
        assertEquals("false", config(RenderedChart.render(t -> t.set("scorecard.starterDefinitions", "false")), "scorecard")
                .get("PORTAL_SCORECARDS_STARTER_DEFINITIONS"));
    }

    @Test
    void theSchemaRejectsAnUnknownIntegrationAndANonUrlBase() {
        assertThat(renderError(t -> t.set("gateway.integrations.grafanaURL", "https://grafana.example.org")))
                .contains("grafanaURL");
        assertThat(renderError(t -> t.set("gateway.integrations.jiraUrl", "jira.example.org"))).contains("jiraUrl");
        assertThat(renderError(t -> t.set("gateway.queryLimits.maxDepth", "0"))).contains("maxDepth");
    }

    private static String renderError(java.util.function.UnaryOperator<com.marcnuri.helm.TemplateCommand> options) {
        try {
            RenderedChart.render(options);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("rendering succeeded");
    }
}

package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * An operator's link templates (values gateway.links) reach the gateway as its own configuration,
 * {@code portal.gateway.integration.<name>} and {@code integration-title.<name>}, in a file the gateway reads through
 * {@code QUARKUS_CONFIG_LOCATIONS}: the same keys as its built-in links, so a built-in name replaces that link.
 */
class GatewayLinksTest {

    @Test
    void linksBecomeTheGatewaysIntegrationTemplates() throws Exception {
        Path values = Files.createTempFile("gateway-links", ".yaml");
        Files.writeString(values, """
                gateway:
                  links:
                    - name: runbook
                      title: Runbook
                      url: https://runbooks.example.com/{example.com/runbook-id}
                    - name: github
                      url: https://ghe.example.com/{github.com/project-slug}
                    - name: wiki
                      title: Wiki \\ notes
                      url: https://wiki.example.com/{example.com/wiki-page|raw}
                """);
        RenderedChart chart = RenderedChart.withValues(values);

        ConfigMap links = chart.named(ConfigMap.class, RenderedChart.nameOf("gateway") + "-links");
        Properties properties = new Properties();
        properties.load(new StringReader(links.getData().get("links.properties")));
        assertThat(properties).containsEntry("config_ordinal", "270")
                .containsEntry("portal.gateway.integration.runbook", "https://runbooks.example.com/{example.com/runbook-id}")
                .containsEntry("portal.gateway.integration-title.runbook", "Runbook")
                .containsEntry("portal.gateway.integration.github", "https://ghe.example.com/{github.com/project-slug}")
                .doesNotContainKey("portal.gateway.integration-title.github") // the built-in title stays
                .containsEntry("portal.gateway.integration.wiki", "https://wiki.example.com/{example.com/wiki-page|raw}")
                .containsEntry("portal.gateway.integration-title.wiki", "Wiki \\ notes")
                .hasSize(6);

        assertThat(chart.named(ConfigMap.class, RenderedChart.nameOf("gateway")).getData())
                .containsEntry("QUARKUS_CONFIG_LOCATIONS", "file:/etc/portal/gateway/links.properties")
                .doesNotContainKey("PORTAL_GATEWAY_LINKS");
        chart.assertMountsConfigMap("gateway", "gateway-links", "/etc/portal/gateway", links.getMetadata().getName());
    }

    @Test
    void withoutLinksTheGatewayReadsOnlyItsBuiltInConfiguration() {
        RenderedChart chart = RenderedChart.withDefaults();
        assertThat(chart.all(ConfigMap.class)).noneSatisfy(map ->
                assertThat(map.getMetadata().getName()).endsWith("-links"));
        assertThat(chart.named(ConfigMap.class, RenderedChart.nameOf("gateway")).getData())
                .doesNotContainKeys("QUARKUS_CONFIG_LOCATIONS", "PORTAL_GATEWAY_LINKS", "PORTAL_OIDC_WEB_CLIENT_ID");
        assertThat(chart.deployment("gateway").getSpec().getTemplate().getSpec().getVolumes())
                .noneSatisfy(volume -> assertThat(volume.getName()).isEqualTo("gateway-links"));
    }

    @Test
    void aLinkThatIsNotAWebUrlIsRefused() {
        Throwable failure = catchThrowable(() -> RenderedChart.render(t -> t
                .set("gateway.links[0].name", "bad").set("gateway.links[0].url", "javascript:alert(1)")));

        assertThat(failure).hasMessageContaining("/gateway/links/0/url");
    }
}

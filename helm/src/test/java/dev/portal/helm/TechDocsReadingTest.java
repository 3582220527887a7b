package dev.portal.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** The techdocs-service's reading settings reach it as the environment variables it reads. */
class TechDocsReadingTest {

    private static Map<String, String> techdocsConfig(RenderedChart chart) {
        return chart.named(ConfigMap.class, RenderedChart.nameOf("techdocs")).getData();
    }

    @Test
    void rendersSafeDefaults() {
        Map<String, String> config = techdocsConfig(RenderedChart.withDefaults());
        assertEquals("raw.githubusercontent.com,github.com,gitlab.com", config.get("PORTAL_READING_ALLOW"));
        assertEquals("PT1M", config.get("PORTAL_TECHDOCS_REFRESH_INTERVAL"));
    }

    @Test
    void rendersConfiguredHostsAndInterval() {
        Map<String, String> config = techdocsConfig(RenderedChart.render(t -> t
                .set("techdocs.docs.allowedHosts[0]", "git.example.com")
                .set("techdocs.docs.refreshInterval", "PT10M")));
        assertEquals("git.example.com", config.get("PORTAL_READING_ALLOW"));
        assertEquals("PT10M", config.get("PORTAL_TECHDOCS_REFRESH_INTERVAL"));
    }
}

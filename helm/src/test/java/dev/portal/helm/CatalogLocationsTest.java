package dev.portal.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** The catalog's location settings reach its configuration as the environment variables the service reads. */
class CatalogLocationsTest {

    private static Map<String, String> catalogConfig(RenderedChart chart) {
        return chart.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(RenderedChart.nameOf("catalog")))
                .findFirst().orElseThrow().getData();
    }

    @Test
    void rendersSafeLocationDefaults() {
        Map<String, String> config = catalogConfig(RenderedChart.withDefaults());
        assertEquals("", config.get("PORTAL_STATIC_LOCATIONS"));
        assertEquals("raw.githubusercontent.com,github.com,gitlab.com", config.get("PORTAL_READING_ALLOW"));
        assertEquals("", config.get("PORTAL_CATALOG_FILE_ROOTS"), "no file locations unless folders are named");
        assertEquals("PT2M", config.get("PORTAL_REFRESH_INTERVAL"));
        assertEquals("keep", config.get("PORTAL_ORPHAN_STRATEGY"));
        assertEquals("Component,API,Resource,System,Domain,Location,Template", config.get("PORTAL_CATALOG_RULES_ALLOW"),
                "registered locations may not bring Groups or Users: their memberships decide ownership");
        assertEquals("true", config.get("PORTAL_CATALOG_RELATIONS_COMPATIBILITY"));
    }

    @Test
    void rendersConfiguredStaticLocationsAndHosts() {
        Map<String, String> config = catalogConfig(RenderedChart.render(t -> t
                .set("catalog.locations.static[0]", "url:https://git.example.com/org/catalog/catalog-info.yaml")
                .set("catalog.locations.allowedHosts[0]", "git.example.com")
                .set("catalog.locations.fileRoots[0]", "/catalog")
                .set("catalog.locations.fileRoots[1]", "/more")
                .set("catalog.locations.orphanStrategy", "delete")
                .set("catalog.locations.rulesAllow[0]", "Component")
                .set("catalog.locations.rulesAllow[1]", "Group")
                .set("catalog.relationsCompatibility", "false")));
        assertEquals("url:https://git.example.com/org/catalog/catalog-info.yaml", config.get("PORTAL_STATIC_LOCATIONS"));
        assertEquals("git.example.com", config.get("PORTAL_READING_ALLOW"));
        assertEquals("/catalog,/more", config.get("PORTAL_CATALOG_FILE_ROOTS"));
        assertEquals("delete", config.get("PORTAL_ORPHAN_STRATEGY"));
        assertEquals("Component,Group", config.get("PORTAL_CATALOG_RULES_ALLOW"));
        assertEquals("false", config.get("PORTAL_CATALOG_RELATIONS_COMPATIBILITY"));
    }
}

package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;

/** Operators ship scorecard definitions as values; they reach the scorecard-service as files in its definitions folder. */
class ScorecardDefinitionsTest {

    private static final String DEFINITION = """
            kind: Check
            id: has-runbook
            title: Has a runbook
            expression: >-
              has(entity.metadata.annotations) && 'portal.dev/runbook' in entity.metadata.annotations
            """;

    @Test
    void mountsTheDefinitionsWhereTheServiceLoadsThem() throws Exception {
        Path values = Files.createTempFile("scorecard-values", ".yaml");
        Files.writeString(values, "scorecard:\n  definitions:\n    runbooks.yaml: |\n"
                + DEFINITION.indent(6));
        RenderedChart chart = RenderedChart.withValues(values);

        ConfigMap definitions = chart.named(ConfigMap.class, RenderedChart.nameOf("scorecard") + "-definitions");
        assertThat(definitions.getData()).containsOnlyKeys("runbooks.yaml");
        assertThat(definitions.getData().get("runbooks.yaml")).isEqualTo(DEFINITION);

        ConfigMap config = chart.named(ConfigMap.class, RenderedChart.nameOf("scorecard"));
        assertThat(config.getData()).containsEntry("PORTAL_SCORECARDS_DEFINITIONS_DIR", "/etc/portal/scorecards");

        chart.assertMountsConfigMap("scorecard", "scorecard-definitions", "/etc/portal/scorecards",
                definitions.getMetadata().getName());
    }

    @Test
    void rendersNothingForDefinitionsByDefault() {
        RenderedChart chart = RenderedChart.withDefaults();
        assertThat(chart.all(ConfigMap.class)).noneSatisfy(map ->
                assertThat(map.getMetadata().getName()).endsWith("-definitions"));
        assertThat(chart.named(ConfigMap.class, RenderedChart.nameOf("scorecard")).getData())
                .doesNotContainKey("PORTAL_SCORECARDS_DEFINITIONS_DIR");
        assertThat(chart.deployment("scorecard").getSpec().getTemplate().getSpec().getVolumes())
                .noneSatisfy(volume -> assertThat(volume.getName()).isEqualTo("scorecard-definitions"));
    }
}

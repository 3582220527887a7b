package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

class ChartLintTest {

    @Test
    void passesStrictLint() {
        LintResult result = new Helm(RenderedChart.chart()).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void rendersEveryServiceWithDefaultValues() {
        RenderedChart chart = RenderedChart.withDefaults();

        RenderedChart.SERVICES.keySet().forEach(chart::deployment);
        assertThat(chart.all(io.fabric8.kubernetes.api.model.Service.class)).hasSize(5);
        assertThat(chart.all(io.fabric8.kubernetes.api.model.ConfigMap.class)).hasSize(5);
        assertThat(chart.all(io.fabric8.kubernetes.api.model.ServiceAccount.class)).hasSize(1);
        assertThat(chart.topicJob()).isNotNull();
    }
}

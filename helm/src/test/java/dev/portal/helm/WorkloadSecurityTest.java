package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every container is probed, sized, non-root, read-only and without capabilities, whatever the values set. */
class WorkloadSecurityTest {

    static Stream<String> valuesSets() {
        return KubernetesSchemaTest.valuesSets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void everyServiceContainerHasStartupLivenessAndReadinessProbesOnQuarkusHealth(String valuesSet) {
        RenderedChart chart = KubernetesSchemaTest.rendered(valuesSet);

        RenderedChart.SERVICES.forEach((service, port) -> {
            Container c = chart.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(path(c.getStartupProbe())).as(service).isEqualTo("/q/health/started");
            assertThat(path(c.getLivenessProbe())).as(service).isEqualTo("/q/health/live");
            assertThat(path(c.getReadinessProbe())).as(service).isEqualTo("/q/health/ready");
            assertThat(c.getPorts()).as(service).singleElement()
                    .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimit(String valuesSet) {
        RenderedChart chart = KubernetesSchemaTest.rendered(valuesSet);

        assertThat(chart.containers()).hasSize(7).allSatisfy(c -> {
            assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void everyPodRunsAsNonRootWithAReadOnlyRootFilesystemAndNoCapabilities(String valuesSet) {
        RenderedChart chart = KubernetesSchemaTest.rendered(valuesSet);

        assertThat(chart.podSpecs()).hasSize(7).allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        });
        assertThat(chart.containers()).allSatisfy(c -> {
            var security = c.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(c.getName()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(c.getName()).isNullOrEmpty();
        });
    }

    @Test
    void serviceContainersWriteOnlyToAnEmptyDirTmp() {
        RenderedChart chart = RenderedChart.withDefaults();

        for (Deployment d : chart.all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getContainers().get(0).getVolumeMounts())
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("tmp");
                assertThat(v.getEmptyDir()).isNotNull();
            });
        }
    }

    @Test
    void servicePodsSpreadOverNodesAndZones() {
        RenderedChart chart = RenderedChart.withDefaults();

        RenderedChart.SERVICES.keySet().forEach(service -> {
            var constraints = chart.deployment(service).getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
            assertThat(constraints).extracting("topologyKey")
                    .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            assertThat(constraints).allSatisfy(c -> assertThat(c.getLabelSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", service));
        });
    }

    @Test
    void imagesMatchTheNamesTheImageScriptBuilds() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertThat(chart.deployment("catalog").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("portal/catalog-service:0.1.0");
        assertThat(chart.deployment("gateway").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("portal/gateway:0.1.0");
        RenderedChart production = RenderedChart.withValues(RenderedChart.example("production-values.yaml"));
        assertThat(production.deployment("search").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/portal/search-service:0.1.0");
    }

    private static String path(Probe probe) {
        return probe == null ? null : probe.getHttpGet().getPath();
    }
}

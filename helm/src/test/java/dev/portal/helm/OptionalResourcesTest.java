package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** HPA and PDB on by default, Ingress, ServiceMonitor and PrometheusRule on request, and the `helm test` hook. */
class OptionalResourcesTest {

    @Test
    void autoscalesAndBudgetsDisruptionsOfEveryServiceByDefault() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertThat(chart.all(HorizontalPodAutoscaler.class)).hasSize(5).allSatisfy(hpa -> {
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(hpa.getMetadata().getName());
        });
        assertThat(chart.all(PodDisruptionBudget.class)).hasSize(5);
        // The HPA owns the replica count.
        assertThat(chart.deployment("catalog").getSpec().getReplicas()).isNull();
    }

    @Test
    void smallInstallRunsOneReplicaWithoutHpaOrPdb() {
        RenderedChart small = RenderedChart.withValues(RenderedChart.example("small-values.yaml"));

        assertThat(small.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(small.all(PodDisruptionBudget.class)).isEmpty();
        RenderedChart.SERVICES.keySet().forEach(s -> assertThat(small.deployment(s).getSpec().getReplicas()).isEqualTo(1));
    }

    @Test
    void productionInstallRunsAtLeastThreeReplicasBehindATlsIngressAndIsScraped() {
        RenderedChart production = RenderedChart.withValues(RenderedChart.example("production-values.yaml"));

        assertThat(production.all(HorizontalPodAutoscaler.class)).hasSize(5)
                .allSatisfy(hpa -> assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3));
        Ingress ingress = production.named(Ingress.class, RenderedChart.nameOf("gateway"));
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly("portal.example.com"));
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo(RenderedChart.nameOf("gateway"));
        GenericKubernetesResource monitor = production.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/q/metrics");
        assertThat(production.all(GenericKubernetesResource.class)).anySatisfy(rule -> {
            assertThat(rule.getKind()).isEqualTo("PrometheusRule");
            assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        });
    }

    @Test
    void prometheusRuleAlertsWhenChangesStopReachingTheViews() {
        RenderedChart chart = RenderedChart.render(t -> t.set("metrics.prometheusRule.enabled", "true")
                .set("metrics.prometheusRule.consumerLag", "5000").set("metrics.prometheusRule.for", "15m")
                .set("metrics.prometheusRule.labels.release", "kube-prometheus-stack"));

        GenericKubernetesResource rule = chart.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("PrometheusRule")).findFirst().orElseThrow();
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        String jobs = "job=~\"portal-(catalog|search|techdocs|scorecard|gateway)\"";
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 0, "alert")).isEqualTo("PortalViewBehind");
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 0, "expr"))
                .startsWith("max by (namespace, pod, client_id) (kafka_consumer_fetch_manager_records_lag_max{")
                .contains("namespace=\"portal\"", jobs).endsWith(") > 5000");
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 0, "for")).isEqualTo("15m");
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 0, "annotations", "description"))
                .contains("{{ $labels.client_id }}");
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 1, "alert")).isEqualTo("PortalOutboxBacklog");
        assertThat(rule.<String>get("spec", "groups", 0, "rules", 1, "expr"))
                .startsWith("max by (namespace, topic) (portal_outbox_pending{").contains(jobs).endsWith(") > 1000");
    }

    @Test
    void ingressAndServiceMonitorAreOffByDefault() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertThat(chart.all(Ingress.class)).isEmpty();
        assertThat(chart.all(GenericKubernetesResource.class)).isEmpty();
    }

    @Test
    void helmTestHookChecksTheGatewayReadiness() {
        Pod test = RenderedChart.withDefaults().testPod();

        assertThat(RenderedChart.hookOf(test)).isEqualTo("test");
        assertThat(test.getSpec().getContainers().get(0).getArgs())
                .containsExactly("http://portal-gateway:8080/q/health/ready");
        assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    }
}

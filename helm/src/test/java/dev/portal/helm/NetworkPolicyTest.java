package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/** Only the gateway is reachable from outside; the other services only from the gateway; egress is port-scoped. */
class NetworkPolicyTest {

    private final RenderedChart chart = RenderedChart.withDefaults();

    @Test
    void everyServiceHasAPolicyForIngressAndEgressSelectingOnlyItsPods() {
        RenderedChart.SERVICES.keySet().forEach(service -> {
            NetworkPolicy policy = policy(chart, service);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", service)
                    .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
        });
    }

    @Test
    void backendServicesAcceptTrafficOnlyFromGatewayPods() {
        for (String service : List.of("catalog", "search", "techdocs", "scorecard")) {
            var ingress = policy(chart, service).getSpec().getIngress();
            assertThat(ingress).as(service).singleElement().satisfies(rule -> {
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getNamespaceSelector()).isNull();
                    assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/component", "gateway");
                });
                assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("http"));
            });
        }
    }

    @Test
    void gatewayAcceptsOutsideTrafficOnlyOnItsHttpPort() {
        var ingress = policy(chart, "gateway").getSpec().getIngress();

        assertThat(ingress).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).extracting(NetworkPolicyPort::getPort).containsExactly(new IntOrString("http"));
            assertThat(rule.getFrom()).isNullOrEmpty();
        });
    }

    @Test
    void gatewayIngressIsRestrictedToTheConfiguredPeersPlusTheHelmTestPod() {
        RenderedChart production = RenderedChart.withValues(RenderedChart.example("production-values.yaml"));

        List<NetworkPolicyPeer> from = policy(production, "gateway").getSpec().getIngress().get(0).getFrom();

        assertThat(from).hasSize(2);
        assertThat(from.get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
        assertThat(from.get(1).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "test");
    }

    @Test
    void egressIsAlwaysPortScopedAndReachesOnlyTheInfrastructureEachServiceUses() {
        RenderedChart.SERVICES.keySet().forEach(service ->
                assertThat(policy(chart, service).getSpec().getEgress()).as(service)
                        .allSatisfy(rule -> assertThat(rule.getPorts()).as("an egress rule without ports allows everything")
                                .isNotEmpty()));

        // Kafka 9092 and the OIDC issuer 443 for everyone; PostgreSQL 5432 for the database services; OpenSearch 9200.
        assertThat(egressPorts(chart, "catalog")).contains(9092, 443, 5432).doesNotContain(9200);
        assertThat(egressPorts(chart, "techdocs")).contains(9092, 443, 5432).doesNotContain(9200);
        assertThat(egressPorts(chart, "scorecard")).contains(9092, 443, 5432).doesNotContain(9200);
        assertThat(egressPorts(chart, "search")).contains(9092, 443, 9200).doesNotContain(5432);
        assertThat(egressPorts(chart, "gateway")).contains(9092, 443).doesNotContain(5432, 9200);
    }

    @Test
    void gatewayMayCallEachBackendServiceOnItsPort() {
        List<NetworkPolicyEgressRule> egress = policy(chart, "gateway").getSpec().getEgress();

        Map.of("catalog", 8081, "search", 8082, "techdocs", 8083, "scorecard", 8084).forEach((service, port) ->
                assertThat(egress).as(service).anySatisfy(rule -> {
                    assertThat(rule.getTo()).singleElement().satisfies(peer -> assertThat(
                            peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", service));
                    assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(port);
                }));
    }

    @Test
    void infrastructureEgressFollowsTheConfiguredBrokersAndDestinations() {
        RenderedChart production = RenderedChart.withValues(RenderedChart.example("production-values.yaml"));

        assertThat(egressPorts(production, "catalog")).contains(9096, 443, 5432);
        assertThat(policy(production, "catalog").getSpec().getEgress())
                .filteredOn(rule -> rule.getPorts().stream().anyMatch(p -> Integer.valueOf(9096).equals(p.getPort().getIntVal())))
                .singleElement()
                .satisfies(rule -> assertThat(rule.getTo()).extracting(p -> p.getIpBlock().getCidr()).containsExactly("10.20.0.0/16"));
    }

    @Test
    void policiesAreOptional() {
        RenderedChart off = RenderedChart.render(t -> t.set("networkPolicy.enabled", "false"));

        assertThat(off.all(NetworkPolicy.class)).isEmpty();
    }

    static NetworkPolicy policy(RenderedChart chart, String service) {
        return chart.named(NetworkPolicy.class, RenderedChart.nameOf(service));
    }

    private static List<Integer> egressPorts(RenderedChart chart, String service) {
        return policy(chart, service).getSpec().getEgress().stream()
                .filter(rule -> rule.getTo() == null || rule.getTo().stream().allMatch(p -> p.getPodSelector() == null))
                .flatMap(rule -> rule.getPorts().stream())
                .map(p -> p.getPort().getIntVal())
                .toList();
    }
}

package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;

/** Credentials only ever come from Secrets the operator created: none is rendered in plain text. */
class SecretsTest {

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(.*_)?(PASSWORD|SECRET|JAAS|CREDENTIALS?)(_.*)?");

    static java.util.stream.Stream<String> valuesSets() {
        return KubernetesSchemaTest.valuesSets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void rendersNoSecretAndNoCredentialInConfigMaps(String valuesSet) {
        RenderedChart chart = KubernetesSchemaTest.rendered(valuesSet);

        assertThat(chart.all(Secret.class)).isEmpty();
        List<String> configKeys = chart.all(ConfigMap.class).stream()
                .flatMap(cm -> cm.getData().keySet().stream().map(key -> cm.getMetadata().getName() + "/" + key))
                .toList();
        assertThat(configKeys).isNotEmpty().noneMatch(key -> CREDENTIAL.matcher(key.substring(key.indexOf('/') + 1)).matches());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void everyCredentialVariableIsASecretKeyRefOrOnlyReferencesOne(String valuesSet) {
        RenderedChart chart = KubernetesSchemaTest.rendered(valuesSet);

        List<EnvVar> credentials = chart.containers().stream()
                .flatMap(c -> c.getEnv() == null ? java.util.stream.Stream.empty() : c.getEnv().stream())
                .filter(e -> CREDENTIAL.matcher(e.getName()).matches())
                .toList();
        assertThat(credentials).isNotEmpty().allSatisfy(e -> {
            if (e.getValueFrom() != null) {
                assertThat(e.getValueFrom().getSecretKeyRef()).as(e.getName()).isNotNull();
            } else {
                // The SASL JAAS line names the password only as $(PORTAL_KAFKA_PASSWORD), expanded by the kubelet.
                assertThat(e.getValue()).as(e.getName()).contains("password=\"$(PORTAL_KAFKA_PASSWORD)\"");
            }
        });
    }

    @Test
    void databasePasswordsComeFromTheConventionalSecretsByDefault() {
        RenderedChart chart = RenderedChart.withDefaults();

        for (String service : List.of("catalog", "techdocs", "scorecard")) {
            EnvVar password = env(chart, service, "PORTAL_DB_PASSWORD");
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("portal-" + service + "-db");
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        }
    }

    @Test
    void existingSecretsAreUsedForEveryCredentialOfTheProductionExample() {
        RenderedChart chart = RenderedChart.withValues(RenderedChart.example("production-values.yaml"));

        assertThat(secretOf(env(chart, "catalog", "PORTAL_DB_PASSWORD"))).isEqualTo("portal-db-catalog");
        assertThat(secretOf(env(chart, "gateway", "PORTAL_KAFKA_PASSWORD"))).isEqualTo("portal-kafka");
        assertThat(secretOf(env(chart, "search", "PORTAL_OPENSEARCH_PASSWORD"))).isEqualTo("portal-opensearch");
        assertThat(secretOf(env(chart, "gateway", "QUARKUS_OIDC_CREDENTIALS_SECRET"))).isEqualTo("portal-oidc");
        assertThat(chart.topicJob().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .filteredOn(e -> e.getName().equals("KAFKA_PASSWORD"))
                .singleElement().satisfies(e -> assertThat(secretOf(e)).isEqualTo("portal-kafka"));
    }

    @Test
    void aPasswordGivenToNoValueNeverReachesTheOutput() {
        // The chart has no value that takes a password: trying to pass one is a schema error, not a rendered secret.
        var failure = org.assertj.core.api.Assertions.catchThrowable(() ->
                RenderedChart.render(t -> t.set("catalog.database.password", "hunter2")));

        assertThat(failure).hasMessageContaining("password");
        assertThat(RenderedChart.withDefaults().yaml()).doesNotContain("hunter2");
    }

    static EnvVar env(RenderedChart chart, String service, String name) {
        return chart.deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no env " + name));
    }

    private static String secretOf(EnvVar env) {
        return env.getValueFrom().getSecretKeyRef().getName();
    }
}

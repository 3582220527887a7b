package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered document is a valid Kubernetes resource: no unknown kinds, no unknown fields, no wrong types. */
class KubernetesSchemaTest {

    static Stream<String> valuesSets() {
        return Stream.of("defaults", "small-values.yaml", "production-values.yaml");
    }

    static RenderedChart rendered(String valuesSet) {
        return valuesSet.equals("defaults")
                ? RenderedChart.withDefaults()
                : RenderedChart.withValues(RenderedChart.example(valuesSet));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesSets")
    void everyRenderedDocumentValidatesAgainstTheKubernetesModel(String valuesSet) {
        RenderedChart chart = rendered(valuesSet);

        assertThat(chart.documents()).isNotEmpty();
        List<String> problems = chart.documents().stream().flatMap(doc -> StrictModel.problems(doc).stream()).toList();
        assertThat(problems).isEmpty();
    }

    @Test
    void strictWalkCatchesAnUnknownField() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinessProbes: {}
                """;

        assertThat(StrictModel.problems(deployment)).singleElement().asString()
                .contains("containers[0]").contains("readinessProbes");
    }

    @Test
    void strictWalkCatchesAnUnknownKindAndAWrongType() {
        assertThat(StrictModel.problems("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n"))
                .singleElement().asString().contains("unknown apiVersion/kind apps/v1/Deploymnet");
        assertThat(StrictModel.problems("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: two}\n"))
                .singleElement().asString().contains("does not parse");
    }

    @Test
    void strictWalkAcceptsAValidDocument() {
        assertThat(StrictModel.problems("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {anything: goes}\n"))
                .isEmpty();
    }
}

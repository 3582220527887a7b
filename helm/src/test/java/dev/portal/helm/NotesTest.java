package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;

/** NOTES.txt tells the operator how to reach the gateway and which Secrets the pods expect. */
class NotesTest {

    @Test
    void defaultInstallExplainsPortForwardingAndTheDatabaseSecrets() {
        String notes = notes(null);

        assertThat(notes).contains("kubectl port-forward --namespace portal service/portal-gateway 8080:8080",
                "http://127.0.0.1:8080/graphql", "portal-catalog-db (key password)", "helm test portal");
    }

    @Test
    void ingressInstallPointsAtTheIngressHostAndListsEverySecret() {
        String notes = notes(RenderedChart.example("production-values.yaml"));

        assertThat(notes).contains("https://portal.example.com/graphql", "portal-kafka (key password)",
                "portal-kafka-ca (key ca.crt)", "portal-opensearch (key password)", "portal-oidc (key client-secret)");
    }

    /** A client-only dry-run install: helm renders NOTES.txt without a cluster. */
    private static String notes(Path valuesFile) {
        InstallCommand install = new Helm(RenderedChart.chart()).install()
                .withName(RenderedChart.RELEASE).withNamespace(RenderedChart.NAMESPACE)
                .withKubeVersion(RenderedChart.KUBE_VERSION).dryRun().clientOnly();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }
}

package dev.portal.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The chart rendered by the real helm engine (helm-java, in-process; no cluster, no helm binary), split into its
 * documents and parsed into the fabric8 Kubernetes model.
 *
 * <p>{@code helm template} in helm-java leaves out hook resources (the topic Job, the {@code helm test} pod). So the
 * chart is rendered from a copy under target/ whose {@code helm.sh/hook} annotations are renamed to
 * {@value #HOOK_ANNOTATION}: the hooks render like any resource, and tests still see which hook each one is.
 */
record RenderedChart(String yaml, List<String> documents, List<HasMetadata> resources) {

    static final String RELEASE = "portal";
    static final String NAMESPACE = "portal";
    /** The five services: chart key → port. */
    static final Map<String, Integer> SERVICES =
            Map.of("catalog", 8081, "search", 8082, "techdocs", 8083, "scorecard", 8084, "gateway", 8080);

    /** helm template assumes Kubernetes 1.20 without a cluster; the chart needs 1.25+. */
    static final String KUBE_VERSION = "1.30.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Where the hook annotation of the chart's hooks appears in the rendered copy. */
    static final String HOOK_ANNOTATION = "test.portal.dev/helm-hook";

    private static Path renderableCopy;

    /** The chart as shipped (helm/portal). */
    static Path chart() {
        return Path.of(System.getProperty("portal.chart", "portal")).toAbsolutePath();
    }

    /** A copy of the chart whose hooks render with {@code helm template} (see the class comment). */
    static synchronized Path renderableChart() {
        if (renderableCopy == null) {
            Path copy = Path.of(System.getProperty("portal.build", "target"), "chart-with-hooks", "portal").toAbsolutePath();
            try {
                if (Files.exists(copy)) {
                    try (var old = Files.walk(copy)) {
                        old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                try (var files = Files.walk(chart())) {
                    for (Path source : files.toList()) {
                        Path target = copy.resolve(chart().relativize(source).toString());
                        if (Files.isDirectory(source)) {
                            Files.createDirectories(target);
                        } else {
                            String text = Files.readString(source).replace("helm.sh/hook:", HOOK_ANNOTATION + ":");
                            Files.writeString(target, text);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            renderableCopy = copy;
        }
        return renderableCopy;
    }

    /** An example values file of deploy/kubernetes. */
    static Path example(String fileName) {
        Path file = Path.of(System.getProperty("portal.examples", "../deploy/kubernetes"), fileName).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing example values file " + file);
        }
        return file;
    }

    static RenderedChart withDefaults() {
        return render(t -> t);
    }

    static RenderedChart withValues(Path valuesFile) {
        return render(t -> t.withValuesFile(valuesFile));
    }

    /** Renders with the given options (values files, --set); throws with helm's message when rendering fails. */
    static RenderedChart render(UnaryOperator<TemplateCommand> options) {
        String yaml = options.apply(new Helm(renderableChart()).template()
                .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)).call();
        List<String> documents = Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(RenderedChart::hasContent)
                .toList();
        List<HasMetadata> resources = documents.stream()
                .map(doc -> (HasMetadata) SERIALIZATION.unmarshal(doc))
                .toList();
        return new RenderedChart(yaml, documents, resources);
    }

    private static boolean hasContent(String doc) {
        return doc.lines().anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#"));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream()
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** The resource name of a component: portal-<component> for the release "portal". */
    static String nameOf(String component) {
        return RELEASE + "-" + component;
    }

    Deployment deployment(String service) {
        return named(Deployment.class, nameOf(service));
    }

    /** Asserts that the service's container mounts the ConfigMap {@code configMap} read-only at {@code path}. */
    void assertMountsConfigMap(String service, String volumeName, String path, String configMap) {
        PodSpec pod = deployment(service).getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo(volumeName);
            assertThat(mount.getMountPath()).isEqualTo(path);
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(volumeName))
                .singleElement().satisfies(v -> assertThat(v.getConfigMap().getName())
                        .isEqualTo(configMap));
    }

    Job topicJob() {
        return named(Job.class, nameOf("topics"));
    }

    /** Every pod spec the chart renders: the five Deployments, the topic Job and the {@code helm test} pod. */
    List<PodSpec> podSpecs() {
        var deployments = all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec());
        var jobs = all(Job.class).stream().map(j -> j.getSpec().getTemplate().getSpec());
        var pods = all(Pod.class).stream().map(Pod::getSpec);
        return Stream.of(deployments, jobs, pods).flatMap(s -> s).toList();
    }

    /** The {@code helm test} pod. */
    Pod testPod() {
        return named(Pod.class, nameOf("test-gateway-ready"));
    }

    /** The helm hook a rendered resource is (see the class comment), or null. */
    static String hookOf(HasMetadata resource) {
        var annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(HOOK_ANNOTATION);
    }

    List<Container> containers() {
        return podSpecs().stream().flatMap(p -> p.getContainers().stream()).toList();
    }
}

package dev.portal.helm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Offline schema validation of one rendered document against the Kubernetes object model (fabric8): an unknown
 * apiVersion/kind parses as {@link GenericKubernetesResource}, a wrong type fails in Jackson, and an unknown field
 * lands in some object's {@code additionalProperties}, which the model otherwise swallows silently — so every
 * object reachable from the resource is walked for them.
 */
final class StrictModel {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Kinds outside the core model that the chart may render (CRDs), checked by their own tests. */
    private static final Set<String> ALLOWED_CUSTOM_KINDS = Set.of("monitoring.coreos.com/v1/ServiceMonitor",
            "monitoring.coreos.com/v1/PrometheusRule");

    private StrictModel() {
    }

    /** The problems of one YAML document; empty when it is a valid Kubernetes resource. */
    static List<String> problems(String document) {
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(document, KubernetesResource.class);
        } catch (RuntimeException e) {
            return List.of("does not parse as Kubernetes: " + rootMessage(e));
        }
        if (parsed instanceof GenericKubernetesResource generic) {
            String kind = generic.getApiVersion() + "/" + generic.getKind();
            return ALLOWED_CUSTOM_KINDS.contains(kind) ? List.of() : List.of("unknown apiVersion/kind " + kind);
        }
        List<String> problems = new ArrayList<>();
        walk(parsed, describe(parsed), problems, new IdentityHashMap<>());
        return problems;
    }

    private static void walk(Object node, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (!Map.class.isAssignableFrom(getter.getReturnType())) {
                // Maps (labels, annotations, ConfigMap data, selectors, resource lists) hold user keys, not fields.
                walk(value, path + "." + property(getter), problems, seen);
            }
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String describe(Object resource) {
        if (resource instanceof io.fabric8.kubernetes.api.model.HasMetadata r) {
            return r.getKind() + "/" + r.getMetadata().getName();
        }
        return resource.getClass().getSimpleName();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

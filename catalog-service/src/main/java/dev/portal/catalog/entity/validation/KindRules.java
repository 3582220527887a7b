package dev.portal.catalog.entity.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The built-in kinds: which apiVersions each accepts and the rules for its spec, after Backstage's kind schemas
 * ({@code packages/catalog-model/src/schema/kinds/*.v1alpha1.schema.json}, {@code Template.v1beta3}) and the ref
 * fields (with their default kinds) of {@code BuiltinKindsEntityProcessor}.
 */
final class KindRules {

    static final List<String> BACKSTAGE_API_VERSIONS = List.of("backstage.io/v1alpha1", "backstage.io/v1beta1");
    static final List<String> TEMPLATE_API_VERSIONS = List.of("scaffolder.backstage.io/v1beta3");

    private static final List<String> GROUP_PROFILE = List.of("displayName", "email", "picture");
    private static final List<String> USER_PROFILE = List.of("displayName", "email", "picture", "pronouns",
            "jobTitle", "startDateISO", "manager", "timezoneISO", "location", "directMessageURL");
    private static final List<String> EXTERNAL_HANDLES =
            List.of("facebook", "github", "instagram", "spotify", "twitter", "youtube");

    /** Built-in kind name (exact case, as Backstage's schemas' {@code kind} enums) to the apiVersions it accepts. */
    static final Map<String, List<String>> API_VERSIONS = Map.of(
            "Component", BACKSTAGE_API_VERSIONS,
            "API", BACKSTAGE_API_VERSIONS,
            "Resource", BACKSTAGE_API_VERSIONS,
            "System", BACKSTAGE_API_VERSIONS,
            "Domain", BACKSTAGE_API_VERSIONS,
            "Group", BACKSTAGE_API_VERSIONS,
            "User", BACKSTAGE_API_VERSIONS,
            "Location", BACKSTAGE_API_VERSIONS,
            "Template", TEMPLATE_API_VERSIONS);

    private KindRules() {
    }

    /** The built-in kind that {@code kind} spells in another case (e.g. "component"), or null. */
    static String builtInKindIgnoringCase(String kind) {
        for (String builtIn : API_VERSIONS.keySet()) {
            if (builtIn.equalsIgnoreCase(kind) && !builtIn.equals(kind)) {
                return builtIn;
            }
        }
        return null;
    }

    static boolean isBuiltIn(String kind) {
        return API_VERSIONS.containsKey(kind);
    }

    /** Checks the spec of a built-in kind; {@code spec} is a JSON object. */
    static void checkSpec(String kind, JsonNode spec, String namespace, Problems problems) {
        SpecChecker s = new SpecChecker(problems, spec, namespace);
        switch (kind) {
            case "Component" -> s
                    .string("type", true)
                    .string("lifecycle", true)
                    .ref("owner", true, "Group")
                    .ref("system", false, "System")
                    .ref("subcomponentOf", false, "Component")
                    .refs("providesApis", false, "API")
                    .refs("consumesApis", false, "API")
                    .refs("dependsOn", false, SpecChecker.NO_DEFAULT_KIND)
                    .refs("dependencyOf", false, SpecChecker.NO_DEFAULT_KIND);
            case "API" -> s
                    .string("type", true)
                    .string("lifecycle", true)
                    .ref("owner", true, "Group")
                    .string("definition", true)
                    .ref("system", false, "System");
            case "Resource" -> s
                    .string("type", true)
                    .ref("owner", true, "Group")
                    .refs("dependsOn", false, SpecChecker.NO_DEFAULT_KIND)
                    .refs("dependencyOf", false, SpecChecker.NO_DEFAULT_KIND)
                    .ref("system", false, "System");
            case "System" -> s
                    .ref("owner", true, "Group")
                    .ref("domain", false, "Domain")
                    .string("type", false);
            case "Domain" -> s
                    .ref("owner", true, "Group")
                    .ref("subdomainOf", false, "Domain")
                    .string("type", false);
            case "Group" -> s
                    .string("type", true)
                    .object("profile", GROUP_PROFILE, null, List.of())
                    .ref("parent", false, "Group")
                    .refs("children", true, "Group")
                    .refs("members", false, "User");
            case "User" -> s
                    .object("profile", USER_PROFILE, "externalHandles", EXTERNAL_HANDLES)
                    .refs("memberOf", true, "Group");
            case "Location" -> s
                    .string("type", false)
                    .string("target", false)
                    .strings("targets", false)
                    .oneOf("presence", List.of("required", "optional"));
            case "Template" -> s
                    .string("type", true)
                    .ref("owner", false, "Group");
            default -> throw new IllegalArgumentException("not a built-in kind: " + kind);
        }
    }
}

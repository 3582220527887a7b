package dev.portal.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;

/**
 * A deterministic synthetic engineering organisation of exactly {@code size} Backstage entities: a tree of groups
 * (organisation, departments, teams), users in teams, domains, systems, components (services, websites, libraries),
 * APIs and resources, related the way real catalogs are (owner, system, domain, subdomainOf, dependsOn,
 * providesApis/consumesApis, subcomponentOf, memberOf, parent/children).
 *
 * <p>Every entity is a pure function of (seed, index): nothing is held in memory, so 100,000 entities can be streamed
 * in batches, and the load tool can name a random existing entity without generating it. Decisions that other
 * entities depend on (a system's owner, which service provides an API) are hashes of (seed, kind, index, salt), so
 * both sides agree; the rest comes from a per-entity {@link SplittableRandom}.
 *
 * <p>Entities are emitted in dependency order (groups, users, domains, systems, resources, APIs, components), so most
 * relation targets exist before their sources arrive.
 */
public final class SyntheticOrganisation {

    /** The kinds generated, in emission order, with each one's share of the organisation. */
    public enum Kind {
        GROUP("Group", 0.02),
        USER("User", 0.18),
        DOMAIN("Domain", 0.003),
        SYSTEM("System", 0.03),
        RESOURCE("Resource", 0.10),
        API("API", 0.15),
        COMPONENT("Component", 0.0); // the rest

        public final String backstageKind;
        final double share;

        Kind(String backstageKind, double share) {
            this.backstageKind = backstageKind;
            this.share = share;
        }
    }

    /** A reference to one generated entity. */
    public record Ref(Kind kind, String name) {
        public String namespace() {
            return NAMESPACE;
        }

        /** {@code kind:default/name}, lower-cased like the catalog stores it. */
        public String canonical() {
            return kind.backstageKind.toLowerCase() + ":" + NAMESPACE + "/" + name;
        }
    }

    public static final String NAMESPACE = "default";
    /** Children per group: a department has up to this many sub-groups; groups without children are teams. */
    static final int GROUP_FANOUT = 5;

    private static final String[] AREAS = {"payments", "checkout", "search", "identity", "billing", "shipping",
            "inventory", "pricing", "catalog", "orders", "messaging", "analytics", "growth", "fraud", "ledger",
            "onboarding", "notifications", "recommendations", "media", "maps", "support", "platform", "security",
            "data", "mobile", "partner", "loyalty", "reporting", "compliance", "infra"};
    private static final String[] SERVICE_NOUNS = {"service", "worker", "gateway", "processor", "scheduler", "backend"};
    private static final String[] WEBSITE_NOUNS = {"web", "portal", "ui", "frontend", "admin", "dashboard"};
    private static final String[] LIBRARY_NOUNS = {"lib", "sdk", "client", "utils", "common", "model"};
    private static final String[] FIRST_NAMES = {"alex", "sam", "maria", "li", "noah", "emma", "omar", "yuki", "ana",
            "lucas", "fatima", "ivan", "chloe", "arjun", "mei", "tom", "sara", "kofi", "elena", "jonas"};
    private static final String[] LAST_NAMES = {"smith", "garcia", "chen", "muller", "rossi", "kim", "nguyen", "silva",
            "novak", "ahmed", "jensen", "okafor", "tanaka", "dubois", "kowalski", "lopez", "singh", "berg"};
    // Backstage tags are [a-z0-9+#] words joined by '-': "c++" and "c#" are valid.
    private static final String[] TECH_TAGS = {"java", "kotlin", "go", "python", "typescript", "react", "grpc", "kafka",
            "postgres", "c++", "c#", "node", "rust", "spring-boot", "quarkus", "graphql", "redis", "terraform"};
    private static final String[] LIFECYCLES = {"production", "production", "production", "experimental", "deprecated"};
    private static final String[] API_TYPES = {"openapi", "openapi", "grpc", "asyncapi", "graphql"};
    private static final String[] RESOURCE_TYPES = {"database", "s3-bucket", "queue", "cache", "topic"};

    private final long seed;
    private final int size;
    private final int[] counts = new int[Kind.values().length];
    private final int[] offsets = new int[Kind.values().length];
    private final int firstTeam;       // groups from this index on have no children: the teams
    private final int serviceCount;    // components whose type is "service"

    public SyntheticOrganisation(long seed, int size) {
        int kinds = Kind.values().length;
        if (size < kinds) {
            throw new IllegalArgumentException("an organisation needs at least " + kinds + " entities, got " + size);
        }
        this.seed = seed;
        this.size = size;
        int assigned = 0;
        for (Kind kind : Kind.values()) {
            if (kind != Kind.COMPONENT) {
                counts[kind.ordinal()] = Math.max(1, (int) Math.round(size * kind.share));
                assigned += counts[kind.ordinal()];
            }
        }
        counts[Kind.COMPONENT.ordinal()] = size - assigned;
        for (int k = 1; k < kinds; k++) {
            offsets[k] = offsets[k - 1] + counts[k - 1];
        }
        int groups = count(Kind.GROUP);
        this.firstTeam = groups == 1 ? 0 : ceilDiv(groups - 1, GROUP_FANOUT);
        int components = count(Kind.COMPONENT);
        this.serviceCount = (components / 20) * 10 + Math.min(components % 20, 10);
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    public int count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** Components of a given spec.type: "service", "website" or "library". */
    public int componentsOfType(String type) {
        int n = 0;
        for (int c = 0; c < count(Kind.COMPONENT); c++) {
            n += componentType(c).equals(type) ? 1 : 0;
        }
        return n;
    }

    /** The kind of the entity at a global index. */
    public Kind kindAt(int index) {
        for (int k = Kind.values().length - 1; k >= 0; k--) {
            if (index >= offsets[k]) {
                return Kind.values()[k];
            }
        }
        throw new IndexOutOfBoundsException(index);
    }

    /** The ref of the entity at a global index, without generating it. */
    public Ref refAt(int index) {
        checkIndex(index);
        Kind kind = kindAt(index);
        return new Ref(kind, name(kind, index - offsets[kind.ordinal()]));
    }

    /** The entity at a global index: a Backstage entity as accepted by the catalog's admin seed path. */
    public ObjectNode entityAt(int index) {
        checkIndex(index);
        Kind kind = kindAt(index);
        int i = index - offsets[kind.ordinal()];
        SplittableRandom rng = new SplittableRandom(hash(kind, i, 0));
        ObjectNode entity = Json.mapper().createObjectNode();
        entity.put("apiVersion", "backstage.io/v1alpha1").put("kind", kind.backstageKind);
        ObjectNode metadata = entity.putObject("metadata");
        metadata.put("name", name(kind, i)).put("namespace", NAMESPACE);
        ObjectNode spec = entity.putObject("spec");
        switch (kind) {
            case GROUP -> group(i, metadata, spec);
            case USER -> user(i, rng, metadata, spec);
            case DOMAIN -> domain(i, metadata, spec);
            case SYSTEM -> system(i, metadata, spec);
            case RESOURCE -> resource(i, rng, metadata, spec);
            case API -> api(i, rng, metadata, spec);
            case COMPONENT -> component(i, rng, metadata, spec);
        }
        return entity;
    }

    /** Entities {@code [from, to)} as one JSON array: a seed batch. */
    public ArrayNode batch(int from, int to) {
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = from; i < to; i++) {
            batch.add(entityAt(i));
        }
        return batch;
    }

    // ----------------------------------------------------------------------------------------------------------
    // The kinds
    // ----------------------------------------------------------------------------------------------------------

    private void group(int g, ObjectNode metadata, ObjectNode spec) {
        String type = g == 0 && count(Kind.GROUP) > 1 ? "organization" : g < firstTeam ? "department" : "team";
        metadata.put("title", titleOf(name(Kind.GROUP, g)));
        metadata.put("description", "The " + area(Kind.GROUP, g) + " " + type + ".");
        spec.put("type", type);
        spec.putObject("profile").put("displayName", titleOf(name(Kind.GROUP, g)))
                .put("email", name(Kind.GROUP, g) + "@example.com");
        if (g > 0) {
            spec.put("parent", "group:" + NAMESPACE + "/" + name(Kind.GROUP, parentGroup(g)));
        }
        ArrayNode children = spec.putArray("children"); // required, even when empty
        for (int child = g * GROUP_FANOUT + 1; child <= g * GROUP_FANOUT + GROUP_FANOUT && child < count(Kind.GROUP); child++) {
            children.add("group:" + NAMESPACE + "/" + name(Kind.GROUP, child));
        }
    }

    private void user(int u, SplittableRandom rng, ObjectNode metadata, ObjectNode spec) {
        String first = FIRST_NAMES[pick(Kind.USER, u, 1, FIRST_NAMES.length)];
        String last = LAST_NAMES[pick(Kind.USER, u, 2, LAST_NAMES.length)];
        spec.putObject("profile").put("displayName", capitalise(first) + " " + capitalise(last))
                .put("email", name(Kind.USER, u) + "@example.com");
        // Every team gets members (round robin); a third of the people are also in a second team.
        Set<String> teams = new LinkedHashSet<>();
        teams.add(teamRef(u % teamCount()));
        if (rng.nextInt(3) == 0) {
            teams.add(teamRef(rng.nextInt(teamCount())));
        }
        ArrayNode memberOf = spec.putArray("memberOf");
        teams.forEach(memberOf::add);
    }

    private void domain(int d, ObjectNode metadata, ObjectNode spec) {
        metadata.put("description", "Everything about " + area(Kind.DOMAIN, d) + ".");
        spec.put("owner", ownerRef(domainOwner(d)));
        if (d > 0 && pick(Kind.DOMAIN, d, 2, 5) == 0) {
            spec.put("subdomainOf", name(Kind.DOMAIN, pick(Kind.DOMAIN, d, 3, d)));
        }
    }

    private void system(int s, ObjectNode metadata, ObjectNode spec) {
        metadata.put("description", "The " + area(Kind.SYSTEM, s) + " system.");
        metadata.putArray("tags").add(area(Kind.SYSTEM, s));
        spec.put("owner", ownerRef(systemOwner(s)));
        spec.put("domain", name(Kind.DOMAIN, pick(Kind.SYSTEM, s, 2, count(Kind.DOMAIN))));
        spec.put("type", "product");
    }

    private void resource(int r, SplittableRandom rng, ObjectNode metadata, ObjectNode spec) {
        String type = RESOURCE_TYPES[pick(Kind.RESOURCE, r, 4, RESOURCE_TYPES.length)];
        int system = pick(Kind.RESOURCE, r, 1, count(Kind.SYSTEM));
        metadata.put("description", "A " + type + " of the " + area(Kind.SYSTEM, system) + " system.");
        metadata.putArray("tags").add(switch (type) {
            case "database" -> "postgres";
            case "s3-bucket" -> "s3";
            case "cache" -> "redis";
            default -> "kafka";
        });
        spec.put("type", type);
        spec.put("owner", ownerRef(systemOwner(system)));
        spec.put("system", name(Kind.SYSTEM, system));
        if (r > 0 && rng.nextInt(10) == 0) { // e.g. a cache in front of a database
            spec.putArray("dependsOn").add("resource:" + name(Kind.RESOURCE, rng.nextInt(r)));
        }
    }

    private void api(int a, SplittableRandom rng, ObjectNode metadata, ObjectNode spec) {
        String type = API_TYPES[pick(Kind.API, a, 1, API_TYPES.length)];
        int provider = apiProvider(a);
        String name = name(Kind.API, a);
        metadata.put("description", "The " + type + " API of " + name(Kind.COMPONENT, provider) + ".");
        metadata.putArray("tags").add(type.equals("openapi") ? "rest" : type);
        metadata.putObject("annotations").put("backstage.io/source-location",
                "url:https://git.example.com/" + name(Kind.COMPONENT, provider) + "/tree/main/api/");
        spec.put("type", type);
        spec.put("lifecycle", LIFECYCLES[rng.nextInt(LIFECYCLES.length)]);
        spec.put("owner", ownerRef(componentOwner(provider)));
        spec.put("system", name(Kind.SYSTEM, componentSystem(provider)));
        spec.put("definition", "openapi: 3.0.0\ninfo:\n  title: " + name + "\n  version: 1." + rng.nextInt(20)
                + ".0\npaths:\n  /" + area(Kind.API, a) + ":\n    get:\n      responses:\n        '200':\n"
                + "          description: OK\n");
    }

    private void component(int c, SplittableRandom rng, ObjectNode metadata, ObjectNode spec) {
        String type = componentType(c);
        String name = name(Kind.COMPONENT, c);
        metadata.put("title", titleOf(name));
        metadata.put("description", "The " + area(Kind.COMPONENT, c) + " " + type + " " + name + ".");
        ArrayNode tags = metadata.putArray("tags");
        Set<String> chosen = new LinkedHashSet<>();
        for (int t = 1 + rng.nextInt(4); t > 0; t--) {
            chosen.add(TECH_TAGS[rng.nextInt(TECH_TAGS.length)]);
        }
        chosen.forEach(tags::add);
        metadata.putObject("labels").put("tier", "tier-" + (1 + rng.nextInt(3)));
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("backstage.io/source-location", "url:https://git.example.com/" + name + "/");
        annotations.put("github.com/project-slug", "example/" + name);
        // No backstage.io/techdocs-ref: it would make techdocs-service try to build 17,000 docs sites during the run.
        if (rng.nextInt(3) == 0) {
            annotations.put("pagerduty.com/service-id", "P" + Integer.toString(rng.nextInt(1 << 30), 36).toUpperCase());
        }
        metadata.putArray("links").addObject().put("url", "https://grafana.example.com/d/" + name)
                .put("title", "Dashboard").put("icon", "dashboard");

        spec.put("type", type);
        spec.put("lifecycle", LIFECYCLES[rng.nextInt(LIFECYCLES.length)]);
        spec.put("owner", ownerRef(componentOwner(c)));
        spec.put("system", name(Kind.SYSTEM, componentSystem(c)));
        if (c > 0 && pick(Kind.COMPONENT, c, 4, 10) == 0) { // a part of an earlier component: a tree, no cycles
            spec.put("subcomponentOf", "component:" + name(Kind.COMPONENT, pick(Kind.COMPONENT, c, 5, c)));
        }
        if (type.equals("service")) {
            ArrayNode provides = spec.putArray("providesApis");
            for (int a = serviceNumber(c); a < count(Kind.API); a += serviceCount) {
                provides.add(name(Kind.API, a));
            }
        }
        if (!type.equals("library")) {
            Set<String> consumed = new LinkedHashSet<>();
            for (int k = rng.nextInt(4); k > 0; k--) {
                consumed.add(name(Kind.API, rng.nextInt(count(Kind.API))));
            }
            consumed.forEach(spec.putArray("consumesApis")::add);
        }
        // dependsOn has no default kind: refs are always kind-qualified. Earlier components only, so no cycles.
        Set<String> dependsOn = new LinkedHashSet<>();
        for (int k = c == 0 ? 0 : rng.nextInt(4); k > 0; k--) {
            dependsOn.add("component:" + name(Kind.COMPONENT, rng.nextInt(c)));
        }
        if (type.equals("service")) {
            for (int k = rng.nextInt(3); k > 0; k--) {
                dependsOn.add("resource:" + name(Kind.RESOURCE, rng.nextInt(count(Kind.RESOURCE))));
            }
        }
        if (!dependsOn.isEmpty()) {
            dependsOn.forEach(spec.putArray("dependsOn")::add);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // The structure: pure functions of (seed, index), so both ends of a relation agree
    // ----------------------------------------------------------------------------------------------------------

    /** A k-ary tree: group g's children are g*F+1 .. g*F+F. */
    static int parentGroup(int g) {
        return (g - 1) / GROUP_FANOUT;
    }

    int teamCount() {
        return count(Kind.GROUP) - firstTeam;
    }

    private String teamRef(int team) {
        return "group:" + NAMESPACE + "/" + name(Kind.GROUP, firstTeam + team);
    }

    private String ownerRef(int team) {
        return teamRef(team);
    }

    private int domainOwner(int d) {
        return pick(Kind.DOMAIN, d, 1, teamCount());
    }

    private int systemOwner(int s) {
        return pick(Kind.SYSTEM, s, 1, teamCount());
    }

    private int componentSystem(int c) {
        return pick(Kind.COMPONENT, c, 1, count(Kind.SYSTEM));
    }

    /** Mostly the team that owns the component's system; one in five is owned by another team. */
    private int componentOwner(int c) {
        return pick(Kind.COMPONENT, c, 2, 5) > 0 ? systemOwner(componentSystem(c)) : pick(Kind.COMPONENT, c, 3, teamCount());
    }

    /** Half the components are services, 15% websites, 35% libraries, by position so services can be counted. */
    String componentType(int c) {
        int slot = c % 20;
        return slot < 10 ? "service" : slot < 13 ? "website" : "library";
    }

    private static int serviceNumber(int c) {
        return (c / 20) * 10 + c % 20;
    }

    /** API a is provided by service number a mod (number of services); that service lists it in providesApis. */
    private int apiProvider(int a) {
        int service = a % serviceCount;
        return (service / 10) * 20 + service % 10;
    }

    private String name(Kind kind, int i) {
        String area = area(kind, i);
        return switch (kind) {
            case GROUP -> area + (i < firstTeam ? "-dept-" : "-team-") + i;
            case USER -> FIRST_NAMES[pick(Kind.USER, i, 1, FIRST_NAMES.length)] + "-"
                    + LAST_NAMES[pick(Kind.USER, i, 2, LAST_NAMES.length)] + "-" + i;
            case DOMAIN -> area + "-domain-" + i;
            case SYSTEM -> area + "-system-" + i;
            case RESOURCE -> area + "-" + RESOURCE_TYPES[pick(Kind.RESOURCE, i, 4, RESOURCE_TYPES.length)] + "-" + i;
            case API -> area + "-api-" + i;
            case COMPONENT -> area + "-" + noun(componentType(i), i) + "-" + i;
        };
    }

    private String noun(String componentType, int c) {
        String[] nouns = switch (componentType) {
            case "service" -> SERVICE_NOUNS;
            case "website" -> WEBSITE_NOUNS;
            default -> LIBRARY_NOUNS;
        };
        return nouns[pick(Kind.COMPONENT, c, 6, nouns.length)];
    }

    private String area(Kind kind, int i) {
        return AREAS[pick(kind, i, 0, AREAS.length)];
    }

    /** A number in [0, bound) that depends only on (seed, kind, index, salt). */
    private int pick(Kind kind, int i, int salt, int bound) {
        return (int) Long.remainderUnsigned(hash(kind, i, salt), bound);
    }

    private long hash(Kind kind, int i, int salt) {
        return mix(mix(mix(seed ^ 0x9E3779B97F4A7C15L * (kind.ordinal() + 1)) + i) + 0x632BE59BD9B4E019L * (salt + 1));
    }

    /** SplitMix64's finaliser: a good 64-bit mixer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("entity " + index + " of " + size);
        }
    }

    private static String titleOf(String name) {
        List<String> words = new ArrayList<>();
        for (String word : name.split("-")) {
            words.add(capitalise(word));
        }
        return String.join(" ", words);
    }

    private static String capitalise(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

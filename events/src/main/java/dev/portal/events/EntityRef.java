package dev.portal.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A reference to a catalog entity, with Backstage's parsing and formatting rules
 * ({@code @backstage/catalog-model} {@code parseEntityRef} / {@code stringifyEntityRef} / {@code compareEntityToRef}).
 *
 * <p>The components keep the spelling they were given (for display); {@link #canonical()} lower-cases them and is
 * what Portal uses as the Kafka key and the stored ref. Equality, hash code and ordering follow the canonical form,
 * because Backstage treats entity refs case-insensitively.
 *
 * <p>In JSON an {@code EntityRef} is its canonical string.
 */
public record EntityRef(String kind, String namespace, String name) implements Comparable<EntityRef> {

    public static final String DEFAULT_NAMESPACE = "default";


    /**
     * Rejects empty parts and parts with ':' or '/' (which {@link #parse} can never produce), so that the canonical
     * string is unambiguous and parses back to an equal ref.
     */
    public EntityRef {
        requirePart(kind, "kind", kind, namespace, name);
        requirePart(namespace, "namespace", kind, namespace, name);
        requirePart(name, "name", kind, namespace, name);
    }

    /** A ref from its parts; a null namespace means {@value #DEFAULT_NAMESPACE}. */
    public static EntityRef of(String kind, String namespace, String name) {
        return new EntityRef(kind, namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    }

    /** Parses {@code [<kind>:][<namespace>/]<name>}; the kind is required, the namespace defaults to "default". */
    @JsonCreator
    public static EntityRef parse(String ref) {
        return parse(ref, null, DEFAULT_NAMESPACE);
    }

    /**
     * Parses {@code [<kind>:][<namespace>/]<name>}, filling a missing kind or namespace from the defaults.
     *
     * @param defaultKind      used when the ref has no kind; null (or empty) makes the kind required
     * @param defaultNamespace used when the ref has no namespace; null (or empty) means "default"
     * @throws IllegalArgumentException with Backstage's messages when the ref is malformed or has no kind
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isEmpty()) {
            throw new IllegalArgumentException("Entity reference must not be empty");
        }
        // Backstage's string form [<kind>:][<namespace>/]<name>: each part non-empty and free of ':' and '/'. Split
        // by hand rather than by a regular expression: refs are parsed for every relation of every entity written.
        String trimmed = ref.trim();
        int colon = trimmed.indexOf(':');
        int slash = trimmed.indexOf('/', colon + 1);
        String givenKind = colon < 0 ? null : trimmed.substring(0, colon);
        String givenNamespace = slash < 0 ? null : trimmed.substring(colon + 1, slash);
        String name = trimmed.substring(Math.max(colon, slash) + 1);
        if (!isPart(givenKind) || !isPart(givenNamespace) || !isPart(name)) {
            throw new IllegalArgumentException(
                    "Entity reference \"" + ref + "\" was not on the form [<kind>:][<namespace>/]<name>");
        }
        String kind = givenKind != null ? givenKind : defaultKind;
        String namespace = givenNamespace != null ? givenNamespace : defaultNamespace;
        if (kind == null || kind.isEmpty()) {
            throw new IllegalArgumentException("Entity reference \"" + ref
                    + "\" had missing or empty kind (e.g. did not start with \"component:\" or similar)");
        }
        // Backstage: `context?.defaultNamespace || DEFAULT_NAMESPACE`, so an empty default falls back too.
        if (namespace == null || namespace.isEmpty()) {
            namespace = DEFAULT_NAMESPACE;
        }
        return new EntityRef(kind, namespace, name);
    }

    /** An absent part, or a present one that is non-empty and free of ':' and '/'. */
    private static boolean isPart(String part) {
        return part == null || !part.isEmpty() && part.indexOf(':') < 0 && part.indexOf('/') < 0;
    }

    /** {@code kind:namespace/name}, lower-cased: the Kafka key and the stored form of the ref. */
    @JsonValue
    public String canonical() {
        return lower(kind) + ':' + lower(namespace) + '/' + lower(name);
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** Case-insensitive on all three parts, like Backstage's {@code compareEntityToRef}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EntityRef other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    /** Orders by the canonical string, i.e. by kind, then namespace, then name, ignoring case. */
    @Override
    public int compareTo(EntityRef other) {
        return canonical().compareTo(other.canonical());
    }

    // Locale.ROOT, not the JVM default: a Turkish locale would otherwise turn "I" into a dotless "ı".
    private static String lower(String part) {
        return part.toLowerCase(Locale.ROOT);
    }

    private static void requirePart(String value, String part, String kind, String namespace, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(
                    "Entity reference " + describe(kind, namespace, name) + " had missing or empty " + part);
        }
        if (value.indexOf(':') >= 0 || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("Entity reference " + describe(kind, namespace, name)
                    + " has a " + part + " containing ':' or '/'");
        }
    }

    private static String describe(String kind, String namespace, String name) {
        return "{kind=" + quote(kind) + ", namespace=" + quote(namespace) + ", name=" + quote(name) + "}";
    }

    private static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}

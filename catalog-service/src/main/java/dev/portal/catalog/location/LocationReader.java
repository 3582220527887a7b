package dev.portal.catalog.location;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityDocuments;
import dev.portal.catalog.entity.EntityService;
import dev.portal.catalog.location.CatalogFileFetcher.FileState;
import dev.portal.events.Json;

/**
 * Reads one location's tree of catalog files: multi-document YAML, {@code Location} entities leading to further files
 * (relative targets resolved against the file naming them), {@code $text}/{@code $json}/{@code $yaml} substitutions,
 * and Backstage's {@code managed-by-location}, {@code managed-by-origin-location} and {@code source-location}
 * annotations. A file that did not change is not parsed again; its Location entities are followed from what the
 * catalog stored. One reader per read: it collects the result as it goes.
 */
final class LocationReader {

    static final String MANAGED_BY_LOCATION = "backstage.io/managed-by-location";
    static final String MANAGED_BY_ORIGIN_LOCATION = "backstage.io/managed-by-origin-location";
    static final String SOURCE_LOCATION = "backstage.io/source-location";
    private static final int MAX_DEPTH = 16;
    private static final Set<String> PLACEHOLDERS = Set.of("$text", "$json", "$yaml");
    /** Files above this size are emitted in chunks of {@link #CHUNK} entities, after a first pass checks them whole. */
    private static final int LARGE_FILE_BYTES = 1_000_000;
    private static final int CHUNK = 1000;

    /** An entity read from {@code file}, emitted by the Location entity {@code parentRef}. */
    record Emitted(JsonNode entity, String ref, String file, String parentRef) {
    }

    /** What one read found: the refs emitted (the entities themselves went to the sink, file by file). */
    record Result(Set<String> emittedRefs, Set<String> unchangedFiles, Map<String, String> failedFiles,
                  Map<String, FileState> states) {
    }

    private final CatalogFileFetcher fetcher;
    private final Map<String, FileState> previous;
    private final Function<String, List<JsonNode>> storedLocationsOfFile;
    private final String originType;
    private final String originTarget;
    /** Receives the entities of each file as soon as it is read: a large tree is never held whole in memory. */
    private final Consumer<List<Emitted>> sink;

    /** The provided Location entity this read follows (its entities' parent, no generated root); null otherwise. */
    private String providedBy;
    private boolean providedOptional;

    private final Set<String> emitted = new LinkedHashSet<>();
    private final Set<String> unchanged = new LinkedHashSet<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private final Map<String, FileState> states = new LinkedHashMap<>();
    private final Set<String> visited = new HashSet<>();
    /** Files that substituted other files into their entities: those can change while the file does not. */
    private final Set<String> withPlaceholders = new HashSet<>();

    LocationReader(CatalogFileFetcher fetcher, String type, String target, Map<String, FileState> previous,
                   Function<String, List<JsonNode>> storedLocationsOfFile, Consumer<List<Emitted>> sink) {
        this.fetcher = fetcher;
        this.sink = sink;
        this.originType = type;
        this.originTarget = target;
        this.previous = previous;
        this.storedLocationsOfFile = storedLocationsOfFile;
    }

    /** The name Backstage gives the Location entity of a registered location: {@code generated-<sha1>}. */
    static String generatedName(String type, String target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((type + ":" + target).getBytes(StandardCharsets.UTF_8));
            return "generated-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the target for the Location entity {@code entityRef} an integration provides: its entities are that
     * entity's children, and no root Location is generated (the provided entity is the root).
     */
    LocationReader following(String entityRef, boolean optional) {
        this.providedBy = entityRef;
        this.providedOptional = optional;
        return this;
    }

    Result read() {
        if (providedBy != null) {
            visit(originType, originTarget, providedBy, 0, providedOptional);
            return new Result(emitted, unchanged, failed, states);
        }
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("apiVersion", "backstage.io/v1alpha1").put("kind", "Location");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", generatedName(originType, originTarget)).put("namespace", "default");
        metadata.putObject("annotations").put(MANAGED_BY_LOCATION, originType + ":" + originTarget)
                .put(MANAGED_BY_ORIGIN_LOCATION, originType + ":" + originTarget);
        root.putObject("spec").put("type", originType).put("target", originTarget);
        String rootRef = EntityService.refOf(root).canonical();
        emit(List.of(new Emitted(root, rootRef, null, null)));
        visit(originType, originTarget, rootRef, 0, false);
        return new Result(emitted, unchanged, failed, states);
    }

    /** Reads {@code file}; one that does not exist is an error unless its Location said {@code presence: optional}. */
    private void visit(String type, String file, String parentRef, int depth, boolean optional) {
        if (depth > MAX_DEPTH || !visited.add(type + ":" + file)) {
            return; // a cycle of Location targets, or absurd nesting
        }
        CatalogFileFetcher.Fetched fetched;
        try {
            fetched = fetcher.fetch(type, file, previous.get(file));
        } catch (LocationReadException e) {
            if (!(optional && e.notFound())) {
                failed.put(file, e.getMessage());
            }
            return;
        }
        states.put(file, fetched.state());
        if (fetched.unchanged()) {
            unchanged.add(file);
            for (JsonNode location : storedLocationsOfFile.apply(file)) {
                follow(location, type, file, depth);
            }
            return;
        }
        // A large file is checked whole before any of it is emitted (a syntax error near its end must not leave its
        // first entities written), then emitted in chunks; a small one is emitted whole once read.
        boolean large = fetched.size() > LARGE_FILE_BYTES;
        List<Emitted> fromFile = new ArrayList<>();
        List<JsonNode> locations = new ArrayList<>();
        try {
            if (large) {
                try (Reader whole = fetched.reader()) {
                    EntityDocuments.checkYaml(whole, file);
                }
            }
            try (Reader yaml = fetched.reader()) {
                EntityDocuments.forEachYaml(yaml, file, document -> {
                    Emitted entity = entityOf(document, type, file, parentRef);
                    if (entity == null) {
                        return;
                    }
                    fromFile.add(entity);
                    if ("Location".equals(entity.entity().path("kind").asText()) && entity.ref() != null) {
                        locations.add(entity.entity());
                    }
                    if (large && fromFile.size() >= CHUNK) {
                        emit(List.copyOf(fromFile));
                        fromFile.clear();
                    }
                });
            }
        } catch (CatalogInputException | LocationReadException e) {
            failed.put(file, e.getMessage());
            return;
        } catch (IOException e) { // closing a reader
            failed.put(file, "Could not read " + file + ": " + e.getMessage());
            return;
        }
        emit(fromFile);
        if (withPlaceholders.contains(file)) {
            // Read whole next time too: only then are its substituted files read again (Backstage re-processes
            // everything each cycle). Its entities are written again only if they changed.
            states.put(file, FileState.NONE);
        }
        for (JsonNode location : locations) {
            follow(location, type, file, depth);
        }
    }

    /** One document of {@code file} made an entity to emit, or null (with the file's error) when it cannot be. */
    private Emitted entityOf(JsonNode document, String type, String file, String parentRef) {
        if (!document.isObject()) {
            failed.put(file, "Invalid document in " + file + ": expected a mapping, found " + document.getNodeType());
            return null;
        }
        ObjectNode entity = (ObjectNode) document;
        if (namesLocalFiles(entity, type)) {
            failed.put(file, "Invalid Location in " + file + ": a file read from a URL may only name url targets,"
                    + " not the service's own files (spec.type: file)");
            return null;
        }
        try {
            substitute(entity, type, file);
        } catch (LocationReadException e) {
            failed.put(file, e.getMessage());
            return null;
        }
        annotate(entity, type, file);
        String ref;
        try {
            ref = EntityService.refOf(entity).canonical();
        } catch (IllegalArgumentException e) {
            ref = null; // no kind or name: the validator will say so
        }
        return new Emitted(entity, ref, file, parentRef);
    }

    private void emit(List<Emitted> fromFile) {
        fromFile.forEach(e -> {
            if (e.ref() != null) {
                emitted.add(e.ref());
            }
        });
        sink.accept(fromFile);
    }

    private void follow(JsonNode location, String type, String file, int depth) {
        JsonNode spec = location.path("spec");
        String targetType = spec.path("type").asText(type);
        List<String> targets = targetsOf(spec);
        String parentRef = EntityService.refOf(location).canonical();
        if (namesLocalFiles(location, type)) {
            return; // refused when the file was read (stored before that rule existed)
        }
        boolean optional = "optional".equals(spec.path("presence").asText());
        for (String target : targets) {
            visit(targetType, resolve(targetType.equals(type) ? type : targetType, file, target), parentRef, depth + 1,
                    optional);
        }
    }

    /** A Location entity's {@code spec.target} and {@code spec.targets}, in that order. */
    static List<String> targetsOf(JsonNode spec) {
        List<String> targets = new ArrayList<>();
        if (spec.path("target").isTextual()) {
            targets.add(spec.get("target").asText());
        }
        spec.path("targets").forEach(t -> targets.add(t.asText()));
        return targets;
    }

    /** Whether {@code entity} is a Location with file targets in a file that was not itself read from disk. */
    private static boolean namesLocalFiles(JsonNode entity, String type) {
        return "Location".equals(entity.path("kind").asText()) && !type.equals("file")
                && entity.path("spec").path("type").asText(type).equals("file");
    }

    /** A target relative to the file naming it; absolute ones stay as they are. */
    static String resolve(String type, String file, String target) {
        if (type.equals("file")) {
            Path path = Path.of(target.startsWith("file:") ? URI.create(target).getPath() : target);
            return path.isAbsolute() ? path.normalize().toString()
                    : Path.of(file).getParent().resolve(path).normalize().toString();
        }
        return URI.create(file).resolve(target).toString();
    }

    private void annotate(ObjectNode entity, String type, String file) {
        JsonNode metadataNode = entity.path("metadata");
        if (!metadataNode.isObject()) {
            return; // invalid; the validator reports it
        }
        ObjectNode metadata = (ObjectNode) metadataNode;
        ObjectNode annotations = metadata.has("annotations") && metadata.get("annotations").isObject()
                ? (ObjectNode) metadata.get("annotations") : metadata.putObject("annotations");
        annotations.put(MANAGED_BY_LOCATION, type + ":" + file);
        annotations.put(MANAGED_BY_ORIGIN_LOCATION, originType + ":" + originTarget);
        if (!annotations.has(SOURCE_LOCATION)) {
            String directory = type.equals("file") ? Path.of(file).getParent() + "/" : URI.create(file).resolve(".").toString();
            annotations.put(SOURCE_LOCATION, (type.equals("file") ? "file:" : "url:") + directory);
        }
    }

    /**
     * Backstage's placeholders: an object {@code {$text|$json|$yaml: <path or URL>}}, as any field's value or array
     * element, is replaced by that file's content.
     */
    private void substitute(ObjectNode object, String type, String file) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            object.set(name, substituted(object.get(name), type, file));
        }
    }

    private JsonNode substituted(JsonNode value, String type, String file) {
        if (value.isObject() && value.size() == 1 && PLACEHOLDERS.contains(value.fieldNames().next())) {
            String placeholder = value.fieldNames().next();
            withPlaceholders.add(file);
            return resolvePlaceholder(placeholder, value.get(placeholder).asText(), type, file);
        }
        if (value.isObject()) {
            substitute((ObjectNode) value, type, file);
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                ((ArrayNode) value).set(i, substituted(value.get(i), type, file));
            }
        }
        return value;
    }

    private JsonNode resolvePlaceholder(String placeholder, String target, String type, String file) {
        boolean absoluteUrl = target.startsWith("http://") || target.startsWith("https://");
        String readType = absoluteUrl ? "url" : type;
        String content = fetcher.fetch(readType, absoluteUrl ? target : resolve(type, file, target), null).content();
        try {
            return switch (placeholder) {
                case "$text" -> Json.mapper().getNodeFactory().textNode(content);
                case "$json" -> Json.tree(content.getBytes(StandardCharsets.UTF_8));
                default -> EntityDocuments.parseYaml(content, target).stream().findFirst()
                        .orElse(Json.mapper().getNodeFactory().nullNode());
            };
        } catch (RuntimeException e) {
            throw new LocationReadException("Could not substitute " + placeholder + " " + target + " in " + file + ": "
                    + e.getMessage());
        }
    }
}

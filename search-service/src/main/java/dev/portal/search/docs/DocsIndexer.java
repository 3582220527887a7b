package dev.portal.search.docs;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.get.GetResult;
import org.opensearch.client.opensearch.core.mget.MultiGetResponseItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.payload.TechDocsPage;
import dev.portal.search.index.BulkWrites;
import dev.portal.search.index.IndexUnavailableException;
import dev.portal.search.index.WriteOutcome;

/**
 * Writes TechDocs changes to a {@code techdocs} index: one document per page (Backstage's techdocs collator document:
 * {@code location} {@code /docs/<namespace>/<kind>/<name>/<path>}, the entity's kind, title, owner, lifecycle and type
 * taken from its catalog document), and per entity a hidden state document ({@code site:<ref>}) with the time of the
 * last change applied and the page paths it left. That state makes every write idempotent and order-proof — a change
 * not newer than the state is skipped — and tells which pages a new build dropped, or a deleted entity left, so they
 * are deleted by id.
 */
@ApplicationScoped
public class DocsIndexer {

    private static final Logger LOG = Logger.getLogger(DocsIndexer.class);
    private static final String STATE_PREFIX = "site:";

    /**
     * Catalog document field → page field: what a page shows of its entity. The kind as the catalog writes it
     * ({@code Component}) replaces the lower-cased one of the ref, so the {@code kind} facet counts pages and entities
     * in one bucket.
     */
    private static final Map<String, String> ENTITY_FIELDS = orderedMap("kind", "kind", "title", "entityTitle",
            "owner", "owner", "lifecycle", "lifecycle", "componentType", "componentType", "type", "type");

    /** Replaces a page's entity fields with {@code params.fields}, unless they are those already. */
    static final String SET_ENTITY_FIELDS = """
            def current = new HashMap();
            for (def name : params.names) {
              if (ctx._source.containsKey(name)) {
                current.put(name, ctx._source.get(name));
              }
            }
            if (current.equals(params.fields)) {
              ctx.op = 'none';
            } else {
              for (def name : params.names) {
                ctx._source.remove(name);
              }
              ctx._source.putAll(params.fields);
            }""";

    private final OpenSearchClient client;

    public DocsIndexer(OpenSearchClient client) {
        this.client = client;
    }

    /**
     * Writes the changes, one outcome per change in order.
     *
     * @param docsIndex    the techdocs index or alias written to
     * @param isAlias      whether {@code docsIndex} is an alias (then it must exist)
     * @param catalogAlias where the entities' catalog documents are read from, for the pages' entity fields
     * @throws IndexUnavailableException when OpenSearch does not take the batch now; retry it whole
     */
    public List<WriteOutcome> write(String docsIndex, boolean isAlias, String catalogAlias, List<DocsChange> changes)
            throws IndexUnavailableException {
        if (changes.isEmpty()) {
            return List.of();
        }
        // Per entity only its last change in the batch counts; the earlier ones are superseded.
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            last.put(changes.get(i).entityRef(), i);
        }
        try {
            Map<String, JsonNode> states = get(docsIndex, last.keySet().stream().map(ref -> STATE_PREFIX + ref).toList());
            Map<String, JsonNode> entities = get(catalogAlias, new ArrayList<>(last.keySet()));
            List<WriteOutcome> outcomes = new ArrayList<>();
            List<BulkOperation> operations = new ArrayList<>();
            List<Integer> stateOperation = new ArrayList<>(); // per change: index of its state write, or -1
            for (int i = 0; i < changes.size(); i++) {
                DocsChange change = changes.get(i);
                JsonNode state = states.get(STATE_PREFIX + change.entityRef());
                boolean newer = state == null || state.path("stateAt").asLong(Long.MIN_VALUE) < change.at();
                if (last.get(change.entityRef()) != i || !newer || change instanceof DocsChange.Failed) {
                    outcomes.add(WriteOutcome.SKIPPED);
                    stateOperation.add(-1);
                    continue;
                }
                Set<String> previousPaths = paths(state);
                List<String> paths = new ArrayList<>();
                if (change instanceof DocsChange.Built built) {
                    JsonNode entity = entities.get(change.entityRef());
                    for (TechDocsPage page : built.site().pages()) {
                        ObjectNode document = page(change.entityRef(), entity, page, change.at());
                        String id = change.entityRef() + "#" + page.path();
                        operations.add(BulkOperation.of(o -> o.index(x -> x.id(id).document(document))));
                        paths.add(page.path());
                    }
                }
                previousPaths.removeAll(paths);
                stateOperation.add(replacePages(operations, change.entityRef(), previousPaths,
                        change instanceof DocsChange.Built ? "built" : "removed", change.at(), paths));
                outcomes.add(change instanceof DocsChange.Built ? WriteOutcome.WRITTEN : WriteOutcome.DELETED);
            }
            if (operations.isEmpty()) {
                return outcomes;
            }
            BulkResponse response = client.bulk(b -> b.index(docsIndex).requireAlias(isAlias).operations(operations));
            for (int i = 0; i < changes.size(); i++) {
                int at = stateOperation.get(i);
                if (at >= 0) {
                    // The state is written last for its entity: when it went through, so did the pages before it.
                    WriteOutcome stateWrite = BulkWrites.outcome(response.items().get(at), "the docs of "
                            + changes.get(i).entityRef(), outcomes.get(i));
                    outcomes.set(i, stateWrite.kind() == WriteOutcome.Kind.FAILED ? stateWrite : outcomes.get(i));
                }
            }
            return outcomes;
        } catch (IOException e) {
            throw new IndexUnavailableException("OpenSearch is unreachable: " + e.getMessage(), e);
        } catch (OpenSearchException e) {
            if (IndexUnavailableException.isTransient(e.status(), BulkWrites.type(e.error()))) {
                throw new IndexUnavailableException("OpenSearch refused the docs write: " + e.getMessage(), e);
            }
            WriteOutcome refused = WriteOutcome.failed(BulkWrites.describe(e.error(), e.getMessage()));
            return changes.stream().map(change -> refused).toList();
        }
    }

    /**
     * Adds the deletes of the {@code gone} pages of an entity, then the write of its new state, to {@code operations}.
     *
     * @return the position of the state write in {@code operations}
     */
    private static int replacePages(List<BulkOperation> operations, String entityRef, Collection<String> gone,
                                    String siteState, long at, List<String> paths) {
        for (String path : gone) {
            String id = entityRef + "#" + path;
            operations.add(BulkOperation.of(o -> o.delete(d -> d.id(id))));
        }
        ObjectNode state = Json.mapper().createObjectNode().put("entityRef", entityRef)
                .put("deleted", true) // never a search result
                .put("siteState", siteState)
                .put("stateAt", at);
        state.set("paths", Json.mapper().valueToTree(paths));
        String stateId = STATE_PREFIX + entityRef;
        operations.add(BulkOperation.of(o -> o.index(x -> x.id(stateId).document(state))));
        return operations.size() - 1;
    }

    /** Backstage's techdocs document for one page, with the entity's fields from its catalog document. */
    static ObjectNode page(String entityRef, JsonNode entity, TechDocsPage page, long builtAt) {
        EntityRef ref = EntityRef.parse(entityRef);
        String namespace = ref.namespace().toLowerCase(Locale.ROOT);
        String kind = ref.kind().toLowerCase(Locale.ROOT);
        String name = ref.name().toLowerCase(Locale.ROOT);
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("title", page.title() == null || page.title().isBlank() ? name : page.title());
        document.put("text", page.text() == null ? "" : page.text());
        document.put("location", "/docs/" + namespace + "/" + kind + "/" + name + "/" + page.path());
        document.put("path", page.path());
        document.put("kind", kind);
        document.put("namespace", namespace);
        document.put("name", name);
        document.put("entityRef", entityRef);
        document.set("headings", Json.mapper().valueToTree(page.headings()));
        document.put("buildTimestamp", builtAt);
        if (entity != null) {
            document.setAll(entityFields(entity));
        }
        return document;
    }

    /**
     * Gives the pages of these entities their entities' current fields (title, owner, lifecycle, type), as read from
     * {@code catalogAlias}: to be called once the entities' changes are written there. A page takes the fields when
     * it is written, but the entity may come later — a replay of the topics (a new consumer group, a rebuild) reads
     * {@code portal.techdocs.changes} and {@code portal.entity.changes} in no particular order between them, so the
     * pages of an entity whose last change is late in its topic had none — or change later (a new owner), with no
     * new build of its docs. Only entities with a built site cost writes, and only when a field differs.
     *
     * @throws IndexUnavailableException when OpenSearch does not take it now; retry the batch (this is idempotent)
     */
    public void followEntities(String docsIndex, boolean isAlias, String catalogAlias, Collection<String> refs)
            throws IndexUnavailableException {
        if (refs.isEmpty()) {
            return;
        }
        updatePages("update", () -> {
            Map<String, JsonNode> states = get(docsIndex, refs.stream().map(ref -> STATE_PREFIX + ref).toList());
            List<String> withPages = refs.stream().filter(ref -> {
                JsonNode state = states.get(STATE_PREFIX + ref);
                return state != null && "built".equals(state.path("siteState").asText()) && !state.path("paths").isEmpty();
            }).toList();
            if (withPages.isEmpty()) {
                return;
            }
            Map<String, JsonNode> entities = get(catalogAlias, withPages);
            List<BulkOperation> operations = new ArrayList<>();
            for (String ref : withPages) {
                JsonNode entity = entities.get(ref);
                if (entity == null || entity.path("deleted").asBoolean()) {
                    continue; // a deleted entity's pages are removed (see removeEntities)
                }
                Map<String, JsonData> params = Map.of("names", JsonData.of(List.copyOf(ENTITY_FIELDS.values())),
                        "fields", JsonData.of(entityFields(entity)));
                for (JsonNode path : states.get(STATE_PREFIX + ref).path("paths")) {
                    String id = ref + "#" + path.asText();
                    operations.add(BulkOperation.of(o -> o.update(u -> u.id(id).retryOnConflict(3)
                            .script(BulkWrites.script(SET_ENTITY_FIELDS, params)))));
                }
            }
            // A page a newer build dropped meanwhile answers 404: nothing to do for it.
            bulk(docsIndex, isAlias, operations, "Docs pages kept stale entity fields");
        });
    }

    /**
     * Deletes the pages of these deleted entities: a deletion (or the tombstone) of an entity removes its docs pages
     * by itself, without waiting for TechDocs to remove its site. The state keeps the time of the build it had, with
     * no paths: a late duplicate of that build is not newer, so it does not bring the pages back, while a newer build
     * (of an entity created again) is indexed; TechDocs's own removal, when it comes, finds nothing left to delete.
     *
     * @throws IndexUnavailableException when OpenSearch does not take it now; retry the batch (this is idempotent)
     */
    public void removeEntities(String docsIndex, boolean isAlias, Collection<String> refs)
            throws IndexUnavailableException {
        if (refs.isEmpty()) {
            return;
        }
        updatePages("removal", () -> {
            Map<String, JsonNode> states = get(docsIndex, refs.stream().map(ref -> STATE_PREFIX + ref).toList());
            List<BulkOperation> operations = new ArrayList<>();
            for (String ref : refs) {
                JsonNode state = states.get(STATE_PREFIX + ref);
                if (state != null && !state.path("paths").isEmpty()) {
                    replacePages(operations, ref, paths(state), "removed", state.path("stateAt").asLong(), List.of());
                }
            }
            bulk(docsIndex, isAlias, operations, "Docs pages of a deleted entity were not all removed");
        });
    }

    /** One bulk request whose refused items (other than a 404: nothing to change) are only logged. */
    private void bulk(String docsIndex, boolean isAlias, List<BulkOperation> operations, String warning)
            throws IOException {
        if (operations.isEmpty()) {
            return;
        }
        BulkResponse response = client.bulk(b -> b.index(docsIndex).requireAlias(isAlias).operations(operations));
        response.items().stream().filter(item -> item.error() != null && item.status() != 404).findFirst()
                .ifPresent(item -> LOG.warnf("%s: %s: %s", warning, item.id(),
                        BulkWrites.describe(item.error(), "refused")));
    }

    /** Reads and writes of pages that follow an entity's change; they never make the entity's change fail. */
    private interface PagesUpdate {
        void run() throws IOException;
    }

    /**
     * Runs an update of pages that follows entity changes.
     *
     * @throws IndexUnavailableException when OpenSearch does not take it now; a refusal for good is only logged: the
     *                                   entity's changes are indexed all the same, its pages stay as they are
     */
    private static void updatePages(String what, PagesUpdate update) throws IndexUnavailableException {
        try {
            update.run();
        } catch (IOException e) {
            throw new IndexUnavailableException("OpenSearch is unreachable: " + e.getMessage(), e);
        } catch (OpenSearchException e) {
            if (IndexUnavailableException.isTransient(e.status(), BulkWrites.type(e.error()))) {
                throw new IndexUnavailableException("OpenSearch refused the docs " + what + ": " + e.getMessage(), e);
            }
            LOG.warnf("OpenSearch refused the docs %s, the pages stay as they are: %s", what, e.getMessage());
        }
    }

    /** A page's fields taken from its entity's catalog document (those the entity has). */
    static ObjectNode entityFields(JsonNode entity) {
        ObjectNode fields = Json.mapper().createObjectNode();
        ENTITY_FIELDS.forEach((from, as) -> {
            JsonNode value = entity.get(from);
            if (value != null && value.isTextual()) {
                fields.put(as, value.asText());
            }
        });
        return fields;
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Set<String> paths(JsonNode state) {
        Set<String> paths = new HashSet<>();
        if (state != null) {
            state.path("paths").forEach(path -> paths.add(path.asText()));
        }
        return paths;
    }

    /** The sources of the documents with these ids that exist (a missing index yields none, an absent alias too). */
    private Map<String, JsonNode> get(String index, List<String> ids) throws IOException {
        Map<String, JsonNode> found = new HashMap<>();
        MgetResponse<ObjectNode> response = client.mget(m -> m.index(index).ids(ids), ObjectNode.class);
        for (MultiGetResponseItem<ObjectNode> item : response.docs()) {
            if (item.isResult()) {
                GetResult<ObjectNode> result = item.result();
                if (result.found() && result.source() != null) {
                    found.put(result.id(), result.source());
                }
            }
        }
        return found;
    }
}

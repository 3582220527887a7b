package dev.portal.catalog.entity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.db.RetriedOnConflict;
import dev.portal.catalog.entity.validation.EntityValidator;
import dev.portal.catalog.outbox.OutboxEvent;
import dev.portal.catalog.outbox.OutboxRepository;
import dev.portal.catalog.entity.validation.ValidationProblem;
import dev.portal.catalog.location.ReadingConfig;
import dev.portal.catalog.query.SearchProjection;
import dev.portal.catalog.relation.Relation;
import dev.portal.catalog.relation.RelationGenerator;
import dev.portal.catalog.relation.RelationRepository;
import dev.portal.catalog.stitch.Stitcher;
import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.payload.EntityDeleted;

/**
 * Writes entities: validates, stores what was accepted, regenerates the relations it declares and stitches every
 * entity whose served form changed — all in one transaction, so a batch is applied whole or not at all.
 */
@ApplicationScoped
@RetriedOnConflict
public class EntityService {

    public static final String PROCESSING_ERROR_TYPE = "backstage.io/catalog-processing";

    private static final Pattern NAMED_ERROR = Pattern.compile("([A-Z][A-Za-z]*Error): (.*)", Pattern.DOTALL);

    private final EntityRepository entities;
    private final RelationRepository relations;
    private final OutboxRepository outbox;
    private final EntityValidator validator;
    private final Event<ProvidedLocationsChanged> providedLocationsChanged;
    /** Serve relations with Backstage's legacy {@code target} (portal.catalog.relations-compatibility). */
    private final boolean relationTargets;

    public EntityService(EntityRepository entities, RelationRepository relations, OutboxRepository outbox,
                         EntityValidator validator, Event<ProvidedLocationsChanged> providedLocationsChanged,
                         ReadingConfig config) {
        this.providedLocationsChanged = providedLocationsChanged;
        this.relationTargets = config.relationsCompatibility();
        this.entities = entities;
        this.relations = relations;
        this.outbox = outbox;
        this.validator = validator;
    }

    /** Every problem of every entity in the batch, prefixed with the entity it belongs to; empty when all are valid. */
    public List<String> problems(List<JsonNode> batch) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode entity = batch.get(i);
            List<ValidationProblem> found = validator.validate(entity);
            String label = label(entity, i);
            found.forEach(p -> problems.add(label + ": " + p.message()));
            if (found.isEmpty()) {
                Integer first = seen.putIfAbsent(refOf(entity).canonical(), i);
                if (first != null) {
                    problems.add(label + ": the batch holds it twice (entities " + first + " and " + i + ")");
                }
            }
        }
        return problems;
    }

    /**
     * How long a location read may hold the peers it queues before the deferred stitcher takes them anyway. The read
     * releases them when it ends ({@link #releaseHeldStitches()}); this bounds how stale they stay if it never does.
     */
    public static final Duration READ_HOLD = Duration.ofMinutes(5);

    /**
     * Where a write comes from: its source ({@code location:<id>}, {@code provider:<name>}, {@code kafka},
     * {@code seed}), for entities read from files the file and the Location entity that emitted each, and how long
     * the peers it queues are held back from the deferred stitcher (a location read's batches hold them until the
     * read ends, so a team related to by every batch is stitched once, not once per batch).
     */
    public record Origin(String source, Map<String, String> files, Map<String, String> parents, Duration holdPeers) {
        public static Origin of(String source) {
            return new Origin(source, Map.of(), Map.of(), Duration.ZERO);
        }

        public static Origin ofLocationRead(String source, Map<String, String> files, Map<String, String> parents) {
            return new Origin(source, files, parents, READ_HOLD);
        }
    }

    /**
     * Creates or updates the batch; throws a 400 naming every problem, or a 409 naming every entity another source
     * already provides, before anything is written.
     */
    @Transactional
    public List<EntityRecord> upsert(List<JsonNode> batch, Origin origin) {
        List<String> problems = problems(batch);
        if (!problems.isEmpty()) {
            throw new CatalogInputException(String.join("; ", problems));
        }
        return upsertValidated(batch, origin);
    }

    /**
     * {@link #upsert} for callers that have already had each entity of the batch pass {@link #problems} (readers
     * validate entity by entity, to report each one's errors): validation is most of a write's own CPU, so it is not
     * done twice. Still refuses a batch that names an entity twice.
     */
    @Transactional
    public List<EntityRecord> upsertValidated(List<JsonNode> batch, Origin origin) {
        Map<String, JsonNode> byRef = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            if (byRef.put(refOf(batch.get(i)).canonical(), batch.get(i)) != null) {
                throw new CatalogInputException(label(batch.get(i), i) + ": the batch holds it twice");
            }
        }
        Map<String, EntityRecord> existing = entities.lockByRefs(byRef.keySet()).stream()
                .collect(Collectors.toMap(r -> r.entityRef, Function.identity()));
        refuseOthersEntities(existing.values(), origin.source());

        OffsetDateTime now = OffsetDateTime.now();
        Map<String, List<Relation>> declared = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : byRef.entrySet()) {
            EntityRecord record = existing.get(entry.getKey());
            if (record == null) {
                record = new EntityRecord();
                record.uid = UUID.randomUUID();
                record.entityRef = entry.getKey();
                record.createdAt = now;
                record.etag = "";
                existing.put(entry.getKey(), record);
            }
            record.raw = entry.getValue().toString();
            record.processingErrors = null;
            record.source = origin.source();
            record.sourceFile = origin.files().get(entry.getKey());
            record.orphan = false;
            record.updatedAt = now;
            declared.put(entry.getKey(), RelationGenerator.relationsOf(refOf(entry.getValue()), entry.getValue()));
        }
        Set<String> peers = new LinkedHashSet<>(relations.replaceOriginatedBy(declared));
        peers.removeAll(byRef.keySet());
        if (!origin.parents().isEmpty()) {
            relations.replaceParents(origin.parents());
        }
        // The written entities are served stitched when this commits; their peers (targets of their relations)
        // follow through the deferred stitcher, which stitches an entity touched by many writes once. Queued first:
        // every lock this transaction takes after its own entities' is the queue's, then the version's.
        relations.queueStitch(peers, origin.holdPeers());
        stitch(byRef.keySet(), existing);
        if (!isLocationRead(origin.source()) && byRef.keySet().stream().anyMatch(EntityService::isLocationEntity)) {
            providedLocationsChanged.fire(new ProvidedLocationsChanged(origin.source()));
        }
        return byRef.keySet().stream().map(existing::get).toList();
    }

    /** A 409 naming every entity of these that another source provides (an orphan is nobody's any more). */
    private static void refuseOthersEntities(Collection<EntityRecord> records, String source) {
        List<String> conflicts = records.stream()
                .filter(r -> r.source != null && !r.source.equals(source) && !r.orphan)
                .map(r -> r.entityRef + " is provided by " + r.source).sorted().toList();
        if (!conflicts.isEmpty()) {
            throw new EntityConflictException(conflicts);
        }
    }

    /** Marks entities their source no longer emits: served with {@code backstage.io/orphan: "true"}. */
    @Transactional
    public void markOrphans(Collection<String> canonicalRefs) {
        Map<String, EntityRecord> records = new HashMap<>();
        for (EntityRecord record : entities.lockByRefs(canonicalRefs)) {
            record.orphan = true;
            records.put(record.entityRef, record);
        }
        stitch(records.keySet(), records);
    }

    /**
     * Records why the latest input for an entity could not be processed, in {@code status.items}, while the last
     * good version stays served (Backstage's behaviour for a catalog file that stopped validating).
     */
    @Transactional
    public void recordProcessingErrors(String canonicalRef, List<String> messages) {
        EntityRecord record = entities.lockByRefs(Set.of(canonicalRef)).stream().findFirst().orElseThrow();
        ArrayNode items = Json.mapper().createArrayNode();
        for (String message : messages) {
            // Backstage's shape: "<name>: <message>", the error itself beside it; a message that names its error
            // ("NotFoundError: … answered HTTP 404") keeps that name, any other is an InputError.
            Matcher named = NAMED_ERROR.matcher(message);
            String name = named.matches() ? named.group(1) : "InputError";
            String text = named.matches() ? named.group(2) : message;
            var item = items.addObject().put("type", PROCESSING_ERROR_TYPE).put("level", "error")
                    .put("message", name + ": " + text);
            item.putObject("error").put("name", name).put("message", text);
        }
        record.processingErrors = items.toString();
        stitch(Set.of(canonicalRef), new HashMap<>(Map.of(canonicalRef, record)));
    }

    /**
     * Stitches up to {@code max} due entities of the queue's share {@code share} of {@code shares} (see
     * {@link DeferredStitcher}); returns how many were stitched. It never waits for a lock: entities a writer holds
     * stay queued for the next round.
     */
    @Transactional
    public int stitchQueued(int max, int share, int shares) {
        List<RelationRepository.Queued> queued = relations.peekQueued(max, share, shares);
        if (queued.isEmpty()) {
            return 0;
        }
        // Peers only change their served form: read and written as just that, no EntityRecord.
        List<EntityRepository.StitchInput> free = entities.lockFreeForStitch(
                queued.stream().map(RelationRepository.Queued::entityRef).toList());
        Set<String> freeRefs = new HashSet<>();
        free.forEach(row -> freeRefs.add(row.entityRef()));
        Map<String, List<Relation>> outgoing = relations.outgoing(freeRefs);
        List<EntityRepository.StitchOutput> stitched = new ArrayList<>();
        List<OutboxEvent> events = new ArrayList<>();
        for (EntityRepository.StitchInput row : free) {
            Restitched served = restitch(row.raw(), row.uid().toString(), outgoing.getOrDefault(row.entityRef(), List.of()),
                    row.processingErrors(), row.orphan(), row.etag(), row.generation());
            if (served != null) {
                stitched.add(new EntityRepository.StitchOutput(row.uid(), served.generation(), served.etag(),
                        served.finalEntity(), served.leaves().searchKeys(), served.leaves().facetValues()));
                events.add(OutboxEvent.changed(row.entityRef(), served.generation(), served.finalEntity()));
            }
        }
        entities.writeStitched(stitched);
        publish(events);
        // Not locked: either a writer holds it (it stays queued) or it does not exist (nothing to stitch).
        Set<String> busy = new HashSet<>(entities.existingRefs(queued.stream().map(RelationRepository.Queued::entityRef)
                .filter(ref -> !freeRefs.contains(ref)).toList()));
        relations.unqueue(queued.stream().filter(q -> !busy.contains(q.entityRef())).toList());
        return queued.size() - busy.size();
    }

    /** Lets the deferred stitcher take the peers location reads held back; returns how many there were. */
    @Transactional
    public int releaseHeldStitches() {
        return relations.releaseHeld();
    }

    /** Stitches the entity again now (what {@code POST /refresh} asks; ingestion also re-reads its source). */
    @Transactional
    public void refresh(String canonicalRef) {
        stitch(Set.of(canonicalRef), new HashMap<>());
    }

    /** Deletes the entity with this ref if it exists (deletes are idempotent: a replayed one changes nothing). */
    @Transactional
    public boolean deleteIfPresent(String canonicalRef) {
        List<EntityRecord> found = entities.lockByRefs(Set.of(canonicalRef));
        found.forEach(this::delete);
        return !found.isEmpty();
    }

    /**
     * Deletes the entity with this ref if it exists, as the source {@code source}: a 409 if another source provides
     * it (an integration may not remove what a location or another integration keeps emitting).
     */
    @Transactional
    public boolean deleteIfPresentFrom(String canonicalRef, String source) {
        List<EntityRecord> found = entities.lockByRefs(Set.of(canonicalRef));
        refuseOthersEntities(found, source);
        found.forEach(this::delete);
        return !found.isEmpty();
    }

    /** Deletes an entity (its row locked) and the relations it declared; entities it related to are stitched again. */
    private void delete(EntityRecord record) {
        Set<String> affected = relations.replaceOriginatedBy(Map.of(record.entityRef, List.of()));
        affected.remove(record.entityRef);
        relations.queueStitch(affected, Duration.ZERO); // its peers lose their relations to it through the deferred stitcher
        String deleted = new String(Json.toBytes(
                new EntityDeleted(record.entityRef, record.uid.toString(), record.generation + 1)), StandardCharsets.UTF_8);
        outbox.append(List.of(OutboxEvent.deleted(record.entityRef, record.generation + 1, deleted)));
        entities.delete(record.uid);
        entities.bumpVersion();
        if (isLocationEntity(record.entityRef) && !isLocationRead(record.source)) {
            providedLocationsChanged.fire(new ProvidedLocationsChanged(record.source));
        }
    }

    private static boolean isLocationEntity(String canonicalRef) {
        return canonicalRef.startsWith("location:");
    }

    /** Whether entities of this source were read from a location's files (else an integration or the seed gave them). */
    private static boolean isLocationRead(String source) {
        return source != null && source.startsWith("location:");
    }

    /**
     * Rebuilds the served form of each ref that exists; writes only those whose etag changed, and then moves the
     * catalog version on (readers' cached aggregates follow it).
     */
    void stitch(Collection<String> refs, Map<String, EntityRecord> known) {
        List<String> missing = refs.stream().filter(ref -> !known.containsKey(ref)).toList();
        for (EntityRecord record : entities.lockByRefs(missing)) {
            known.put(record.entityRef, record);
        }
        Map<String, List<Relation>> outgoing = relations.outgoing(refs);
        List<EntityRecord> written = new ArrayList<>();
        List<OutboxEvent> events = new ArrayList<>();
        for (String ref : refs) {
            EntityRecord record = known.get(ref);
            if (record == null) {
                continue; // a relation target that does not exist (yet)
            }
            written.add(record);
            Restitched served = restitch(record.raw, record.uid.toString(), outgoing.getOrDefault(ref, List.of()),
                    record.processingErrors, record.orphan, record.etag, record.generation);
            if (served == null) {
                continue;
            }
            record.generation = served.generation();
            record.etag = served.etag();
            record.finalEntity = served.finalEntity();
            record.searchKeys = served.leaves().searchKeys();
            record.facetValues = served.leaves().facetValues();
            record.updatedAt = OffsetDateTime.now();
            events.add(OutboxEvent.changed(record.entityRef, record.generation, record.finalEntity));
        }
        entities.save(written); // new rows, and of stored ones only what changed
        publish(events);
    }

    /** An entity's new served form, its etag and generation, and its filter keys. */
    private record Restitched(long generation, String etag, String finalEntity, SearchProjection.Leaves leaves) {
    }

    /** The served form these inputs make, or null if its etag is {@code etag} (nothing changed). */
    private Restitched restitch(String raw, String uid, List<Relation> outgoing, String processingErrors,
                                boolean orphan, String etag, long generation) {
        byte[] accepted = raw.getBytes(StandardCharsets.UTF_8);
        String newEtag = Stitcher.etag(accepted, uid, outgoing, processingErrors, orphan, relationTargets);
        if (newEtag.equals(etag)) {
            return null;
        }
        JsonNode status = processingErrors == null ? null : Json.tree(processingErrors.getBytes(StandardCharsets.UTF_8));
        ObjectNode entity = Stitcher.build(accepted, uid, outgoing, status, orphan, relationTargets);
        Stitcher.stamp(entity, newEtag, generation + 1);
        return new Restitched(generation + 1, newEtag, entity.toString(), SearchProjection.of(entity));
    }

    /** One event per changed entity, in this transaction, and the catalog version moved on (if anything changed). */
    private void publish(List<OutboxEvent> events) {
        if (!events.isEmpty()) {
            outbox.append(events);
            entities.bumpVersion();
        }
    }

    public static EntityRef refOf(JsonNode entity) {
        JsonNode metadata = entity.path("metadata");
        return EntityRef.of(entity.path("kind").asText(), metadata.path("namespace").asText("default"),
                metadata.path("name").asText());
    }

    private static String label(JsonNode entity, int index) {
        String kind = entity.path("kind").asText("");
        String name = entity.path("metadata").path("name").asText("");
        return kind.isEmpty() || name.isEmpty() ? "entity " + index : kind + ":" + entity.path("metadata")
                .path("namespace").asText("default") + "/" + name;
    }
}

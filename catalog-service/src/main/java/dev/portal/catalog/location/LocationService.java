package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.net.URI;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.catalog.CatalogInputException;
import dev.portal.catalog.entity.EntityConflictException;
import dev.portal.catalog.entity.EntityRecord;
import dev.portal.catalog.entity.EntityRepository;
import dev.portal.catalog.entity.EntityService;
import dev.portal.catalog.ingest.IngestProgress;
import dev.portal.catalog.location.LocationReader.Emitted;
import dev.portal.catalog.location.LocationRepository.EmittedRef;
import io.quarkus.security.ForbiddenException;

/**
 * Registers, reads and removes locations. A read writes exactly the entities whose files changed (an unchanged
 * entity costs no event), keeps the last good version of entities whose file failed (with the error in their
 * status), and orphans — or deletes, by configuration — the entities a location no longer emits.
 */
@ApplicationScoped
public class LocationService {

    /** The longest path Linux takes (PATH_MAX); URLs longer than this are refused by servers anyway. */
    static final int MAX_TARGET_LENGTH = 4096;

    private static final Logger LOG = Logger.getLogger(LocationService.class);
    private static final int BATCH = 1000;

    /** What a read did. */
    public record ReadSummary(int emitted, int written, Map<String, String> errors, int orphaned) {
    }

    private final LocationRepository locations;
    private final CatalogFileFetcher fetcher;
    private final EntityService entities;
    private final EntityRepository records;
    private final IngestProgress progress;
    private final ReadingConfig config;
    /** One read of a location at a time (the refresher and an API call may meet). */
    private final Map<UUID, Object> readLocks = new ConcurrentHashMap<>();

    public LocationService(LocationRepository locations, CatalogFileFetcher fetcher, EntityService entities,
                           EntityRepository records, IngestProgress progress, ReadingConfig config) {
        this.records = records;
        this.locations = locations;
        this.fetcher = fetcher;
        this.entities = entities;
        this.progress = progress;
        this.config = config;
    }

    /**
     * Reads a location without writing anything: the entities it would give when {@code admin} (or not) registered
     * it, or a 400 naming what is wrong.
     */
    public List<JsonNode> dryRun(String type, String target, boolean admin) {
        requireSupported(type, target);
        List<JsonNode> read = new ArrayList<>();
        LocationReader.Result result = new LocationReader(fetcher, type, target, Map.of(), file -> List.of(),
                fromFile -> fromFile.forEach(e -> read.add(e.entity()))).read();
        List<String> problems = new ArrayList<>(result.failedFiles().values());
        problems.addAll(entities.problems(read));
        if (!admin && problems.isEmpty()) { // the rules read each entity's ref, which only a valid entity has
            read.forEach(entity -> problems.addAll(kindProblems(entity, type + ":" + target)));
        }
        if (!problems.isEmpty()) {
            throw new CatalogInputException(String.join("; ", problems));
        }
        return read;
    }

    @Transactional
    LocationRecord create(String type, String target, String createdBy, boolean fromConfiguration, boolean admin) {
        return insert(type, target, createdBy, fromConfiguration, admin, null, false);
    }

    @Transactional
    LocationRecord insert(String type, String target, String createdBy, boolean fromConfiguration, boolean admin,
                          String entityRef, boolean presenceOptional) {
        LocationRecord location = new LocationRecord();
        location.id = UUID.randomUUID();
        location.type = type;
        location.target = target;
        location.createdBy = createdBy;
        location.fromConfiguration = fromConfiguration;
        location.registeredByAdmin = admin;
        location.entityRef = entityRef;
        location.presenceOptional = presenceOptional;
        location.createdAt = OffsetDateTime.now();
        locations.insert(location);
        return location;
    }

    /**
     * Registers and reads a location; a location that exists is a 409. Unless {@code admin} registers it, it may
     * emit only the kinds of the catalog rules.
     */
    public LocationRecord register(String type, String target, String createdBy, boolean admin) {
        requireSupported(type, target);
        if (locations.findByTypeAndTarget(type, target).isPresent()) {
            throw new EntityConflictException(List.of("Location " + type + ":" + target + " already exists"));
        }
        LocationRecord location = create(type, target, createdBy, false, admin);
        read(location);
        return location;
    }

    /** Removes a location and every entity it emitted; static ones cannot be removed, others by creator or admin. */
    public void delete(LocationRecord location, String callerRef, boolean admin) {
        if (location.fromConfiguration) {
            throw new ForbiddenException("Location " + location.id + " comes from configuration and cannot be removed");
        }
        if (location.entityRef != null) {
            throw new ForbiddenException("Location " + location.id + " is a target of " + location.entityRef
                    + ", which an integration provides; it goes when that entity does");
        }
        if (!admin && !callerRefEquals(location.createdBy, callerRef)) {
            throw new ForbiddenException("Only the one who registered a location, or an admin, may remove it");
        }
        for (EmittedRef emitted : locations.emittedBy(location.source())) {
            entities.deleteIfPresent(emitted.entityRef());
        }
        deleteRow(location.id);
    }

    @Transactional
    void deleteRow(UUID id) {
        locations.deleteById(id);
    }

    /** Reads the location now. */
    public ReadSummary read(LocationRecord location) {
        synchronized (readLocks.computeIfAbsent(location.id, id -> new Object())) {
            return readNow(location);
        }
    }

    private ReadSummary readNow(LocationRecord location) {
        String source = location.source();
        List<EmittedRef> before = locations.emittedBy(source);
        Set<String> known = new HashSet<>();
        before.forEach(k -> known.add(k.entityRef()));
        Map<String, String> errors = new LinkedHashMap<>();
        ReadProgress counts = new ReadProgress(location);
        List<Emitted> pending = new ArrayList<>();
        // Each file's entities are validated as they arrive and written in batches: memory holds a batch, not a tree.
        Consumer<List<Emitted>> sink = fromFile -> {
            counts.read(fromFile.size());
            for (Emitted emitted : fromFile) {
                List<String> problems = entities.problems(List.of(emitted.entity()));
                if (problems.isEmpty() && location.kindsRestricted()) {
                    problems = kindProblems(emitted.entity(), location.type + ":" + location.target);
                }
                if (problems.isEmpty()) {
                    pending.add(emitted);
                } else {
                    counts.failed(1);
                    errors.merge(emitted.file(), String.join("; ", problems), (a, b) -> a + "; " + b);
                    if (emitted.ref() != null && known.contains(emitted.ref())) {
                        entities.recordProcessingErrors(emitted.ref(), problems);
                    }
                }
            }
            if (pending.size() >= BATCH) {
                counts.written(write(List.copyOf(pending), source, errors, counts));
                pending.clear();
            }
        };
        LocationReader.Result result;
        try {
            LocationReader reader = new LocationReader(fetcher, location.type, location.target,
                    locations.fileStates(location.id), file -> locations.storedLocations(source, file), sink);
            result = (location.entityRef == null ? reader : reader.following(location.entityRef, location.presenceOptional)).read();
            counts.written(write(List.copyOf(pending), source, errors, counts));
        } finally {
            entities.releaseHeldStitches(); // the peers its batches queued: stitched once, now
        }
        errors.putAll(result.failedFiles());
        counts.failed(result.failedFiles().size());
        counts.logIfLong();

        // Entities of files that failed keep their last good version, with the reason in their status.
        for (EmittedRef entity : before) {
            if (result.failedFiles().containsKey(entity.file())) {
                entities.recordProcessingErrors(entity.entityRef(), List.of(result.failedFiles().get(entity.file())));
            }
        }
        int orphaned = orphan(before, result);
        locations.saveFiles(location.id, result.states(), errors);
        if (!errors.isEmpty()) {
            LOG.warnf("Location %s:%s read with errors: %s", location.type, location.target, errors);
        }
        return new ReadSummary(result.emittedRefs().size(), counts.written, errors, orphaned);
    }

    /** Writes a batch; entities another source already provides are left out and reported, the rest written. */
    private int write(List<Emitted> batch, String source, Map<String, String> errors, ReadProgress counts) {
        List<Emitted> remaining = new ArrayList<>(batch);
        if (remaining.isEmpty()) {
            return 0;
        }
        while (!remaining.isEmpty()) {
            Map<String, String> files = new HashMap<>();
            Map<String, String> parents = new HashMap<>();
            for (Emitted emitted : remaining) {
                files.put(emitted.ref(), emitted.file());
                if (emitted.parentRef() != null) {
                    parents.put(emitted.ref(), emitted.parentRef());
                }
            }
            try {
                entities.upsertValidated(remaining.stream().map(Emitted::entity).toList(),
                        EntityService.Origin.ofLocationRead(source, files, parents));
                return remaining.size();
            } catch (EntityConflictException conflict) {
                Set<String> conflicting = new HashSet<>();
                for (String message : conflict.conflicts()) {
                    conflicting.add(message.substring(0, message.indexOf(' ')));
                }
                remaining.removeIf(e -> {
                    if (conflicting.contains(e.ref())) {
                        counts.failed(1);
                        errors.merge(e.file() == null ? "" : e.file(), "ConflictError: " + e.ref()
                                + " is already provided by another source", (a, b) -> a + "; " + b);
                        return true;
                    }
                    return false;
                });
            }
        }
        return 0;
    }

    /** Why the catalog rules refuse this entity from a location they apply to; empty if they allow it. */
    private List<String> kindProblems(JsonNode entity, String location) {
        String kind = entity.path("kind").asText("");
        List<String> allowed = config.rules().allow();
        if (allowed.stream().anyMatch(kind::equalsIgnoreCase)) {
            return List.of();
        }
        return List.of(EntityService.refOf(entity) + ": NotAllowedError: kind " + kind + " is not allowed from location "
                + location + ", which was not registered by a portal-admin; the catalog rules allow "
                + String.join(", ", allowed) + " (portal.catalog.rules.allow)");
    }

    private int orphan(List<EmittedRef> before, LocationReader.Result result) {
        List<String> gone = before.stream()
                .filter(known -> !result.emittedRefs().contains(known.entityRef()))
                .filter(known -> known.file() == null || !(result.unchangedFiles().contains(known.file())
                        || result.failedFiles().containsKey(known.file())))
                .map(EmittedRef::entityRef).toList();
        orphanOrDelete(gone);
        return gone.size();
    }

    /** Entities no source emits any more: orphans, or deleted with {@code orphanStrategy: delete}. */
    private void orphanOrDelete(List<String> gone) {
        if (gone.isEmpty()) {
            return;
        }
        if (config.orphanStrategy().equals("delete")) {
            gone.forEach(entities::deleteIfPresent);
        } else {
            entities.markOrphans(gone);
        }
    }

    /**
     * After an entity was deleted through the API: its location's next read processes its file again even if the file
     * is unchanged, so an entity the file still emits comes back (Backstage re-creates it on the next refresh) and a
     * deleted Location entity's children are not orphaned.
     */
    public void entityDeleted(EntityRecord deleted) {
        if (deleted.source != null && deleted.source.startsWith("location:") && deleted.sourceFile != null) {
            locations.forgetFile(UUID.fromString(deleted.source.substring("location:".length())), deleted.sourceFile);
        }
    }

    /** {@code POST /refresh}: reads the entity's location again now, or (not from a location) stitches it again. */
    public void refreshEntity(String canonicalRef) {
        String source = records.findByRef(canonicalRef).map(r -> r.source).orElse("");
        if (source != null && source.startsWith("location:")) {
            read(byId(source.substring("location:".length())));
        } else {
            entities.refresh(canonicalRef);
        }
    }

    /** Reads every location once (the refresh loop), after following what integrations' Location entities name now. */
    @ActivateRequestContext
    public void readAll() {
        followProvidedLocations();
        for (LocationRecord location : locations.listAll()) {
            try {
                read(location);
            } catch (RuntimeException e) {
                LOG.warnf("Reading location %s:%s failed: %s", location.type, location.target, e.toString());
            }
        }
    }

    /**
     * Follows the Location entities integrations provide (Backstage's LocationEntityProcessor): each target is read as
     * a location of its own, trusted like an admin's — only admins push providers' mutations, and the ingest topic is
     * the integrations' own. A target no such entity names any more is dropped and the entities read from it are
     * orphaned. A target two such entities name is followed for one of them, and handed to the other when that one
     * goes. A target that may not be read is recorded on the entity's {@code status.items}. Returns the locations
     * added or handed over, for the caller to read now.
     */
    @ActivateRequestContext
    public List<LocationRecord> followProvidedLocations() {
        Map<String, LocationRecord> wanted = new LinkedHashMap<>();
        Set<String> namings = new HashSet<>(); // target, entity and presence of every naming, not just the first
        for (LocationRepository.ProvidedLocation provided : locations.providedLocations()) {
            JsonNode spec = provided.entity().path("spec");
            String type = spec.path("type").asText("url");
            boolean optional = "optional".equals(spec.path("presence").asText());
            List<String> refused = new ArrayList<>();
            for (String target : LocationReader.targetsOf(spec)) {
                try {
                    requireAbsolute(type, target);
                    requireSupported(type, target);
                    LocationRecord location = new LocationRecord();
                    location.type = type;
                    location.target = target;
                    location.entityRef = provided.entityRef();
                    location.presenceOptional = optional;
                    wanted.putIfAbsent(type + ":" + target, location);
                    namings.add(naming(location));
                } catch (CatalogInputException e) {
                    refused.add("Target " + type + ":" + target + " is not read: " + e.getMessage());
                }
            }
            if (!refused.isEmpty()) {
                entities.recordProcessingErrors(provided.entityRef(), refused);
            }
        }
        Map<String, LocationRecord> existing = new HashMap<>();
        List<LocationRecord> added = new ArrayList<>();
        for (LocationRecord location : locations.listAll()) {
            String key = location.type + ":" + location.target;
            existing.put(key, location);
            if (location.entityRef != null && !wanted.containsKey(key)) {
                unfollow(location);
            } else if (location.entityRef != null && !namings.contains(naming(location))) {
                added.add(handOver(location, wanted.get(key)));
            }
        }
        for (Map.Entry<String, LocationRecord> target : wanted.entrySet()) {
            if (!existing.containsKey(target.getKey())) { // a registered or static location of it is read already
                LocationRecord w = target.getValue();
                added.add(insert(w.type, w.target, null, false, true, w.entityRef, w.presenceOptional));
            }
        }
        return added;
    }

    private static String naming(LocationRecord location) {
        return location.type + ":" + location.target + " " + location.entityRef + " " + location.presenceOptional;
    }

    /**
     * The Location entity that followed this target is gone or names it differently now, and {@code follower} names
     * it: the target is read again whole, as {@code follower}'s, so its entities get their new parent.
     */
    private LocationRecord handOver(LocationRecord location, LocationRecord follower) {
        synchronized (readLocks.computeIfAbsent(location.id, id -> new Object())) {
            locations.follow(location.id, follower.entityRef, follower.presenceOptional);
        }
        LOG.infof("Location %s:%s is followed for %s now, not %s", location.type, location.target, follower.entityRef,
                location.entityRef);
        location.entityRef = follower.entityRef;
        location.presenceOptional = follower.presenceOptional;
        return location;
    }

    /** Stops reading a target its Location entity no longer names: what was read from it is orphaned. */
    private void unfollow(LocationRecord location) {
        synchronized (readLocks.computeIfAbsent(location.id, id -> new Object())) {
            orphanOrDelete(locations.emittedBy(location.source()).stream().map(EmittedRef::entityRef).toList());
            deleteRow(location.id);
        }
        LOG.infof("Location %s:%s is no longer named by %s: its entities are orphaned", location.type, location.target,
                location.entityRef);
    }

    /** Makes the configured static locations exist, returning them. */
    @ActivateRequestContext
    public List<LocationRecord> syncStaticLocations() {
        List<LocationRecord> wanted = new ArrayList<>();
        for (String configured : config.staticLocations().orElse(List.of())) {
            int colon = configured.indexOf(':');
            if (colon < 1) {
                LOG.warnf("Ignoring static location '%s': expected type:target", configured);
                continue;
            }
            String type = configured.substring(0, colon);
            String target = configured.substring(colon + 1);
            try {
                fetcher.checkAllowed(type, target);
            } catch (LocationReadException | IllegalArgumentException e) {
                LOG.errorf("Static location '%s' cannot be read: %s", configured, e.getMessage());
            }
            wanted.add(locations.findByTypeAndTarget(type, target).orElseGet(() -> create(type, target, null, true, false)));
        }
        return wanted;
    }

    public LocationRecord byId(String id) {
        try {
            return locations.findById(UUID.fromString(id))
                    .orElseThrow(() -> new NotFoundException("Found no location with ID " + id));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Found no location with ID " + id);
        }
    }

    private void requireSupported(String type, String target) {
        if (!"url".equals(type) && !"file".equals(type)) {
            throw new CatalogInputException("Unsupported location type '" + type + "', expected url or file");
        }
        if (target == null || target.isBlank()) {
            throw new CatalogInputException("A location needs a target");
        }
        if (target.length() > MAX_TARGET_LENGTH) {
            throw new CatalogInputException("A location target may be at most " + MAX_TARGET_LENGTH
                    + " characters long, got " + target.length());
        }
        try {
            fetcher.checkAllowed(type, target);
        } catch (LocationReadException | IllegalArgumentException e) {
            throw new CatalogInputException(e.getMessage());
        }
    }

    /** A provided Location entity has no file its relative targets could be resolved against. */
    private static void requireAbsolute(String type, String target) {
        boolean absolute;
        try {
            absolute = type.equals("file") ? target.startsWith("file:") || Path.of(target).isAbsolute()
                    : URI.create(target).isAbsolute();
        } catch (IllegalArgumentException e) {
            absolute = false;
        }
        if (!absolute) {
            throw new CatalogInputException("a Location entity that an integration provides needs absolute targets");
        }
    }

    private static boolean callerRefEquals(String createdBy, String callerRef) {
        return createdBy != null && createdBy.equals(callerRef);
    }

    /**
     * One read's counts: added to the service's {@link IngestProgress} as they happen (so {@code /ingest/status} moves
     * during a long read), and logged every {@link #LOG_EVERY} while the read lasts.
     */
    private final class ReadProgress {

        private static final long LOG_EVERY = 10_000_000_000L; // 10 s in nanoseconds

        private final LocationRecord location;
        private final long started = System.nanoTime();
        private long lastLog = started;
        private int read;
        private int written;
        private int failed;

        ReadProgress(LocationRecord location) {
            this.location = location;
        }

        void read(int count) {
            read += count;
            progress.read(count);
        }

        void written(int count) {
            written += count;
            progress.written(count);
            long now = System.nanoTime();
            if (now - lastLog >= LOG_EVERY) {
                lastLog = now;
                log("reading");
            }
        }

        void failed(int count) {
            failed += count;
            progress.failed(count);
        }

        /** The closing line, for a read long enough to have logged while it ran. */
        void logIfLong() {
            if (lastLog != started) {
                log("read");
            }
        }

        private void log(String state) {
            LOG.infof("Location %s:%s %s: %,d entities read, %,d written, %,d failed (%d s)", location.type,
                    location.target, state, read, written, failed, (System.nanoTime() - started) / 1_000_000_000L);
        }
    }
}

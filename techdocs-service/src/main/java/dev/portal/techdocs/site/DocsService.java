package dev.portal.techdocs.site;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.portal.events.EntityRef;
import dev.portal.techdocs.build.BuildException;
import dev.portal.techdocs.build.BuiltSite;
import dev.portal.techdocs.build.DocsSource;
import dev.portal.techdocs.build.SiteBuilder;
import dev.portal.techdocs.config.TechDocsConfig;
import dev.portal.techdocs.source.DocsLocation;
import dev.portal.techdocs.source.DocsSourceFetcher;

/**
 * Keeps each entity's site in step with its docs: builds when the docs source's content hash changed (and only
 * then), keeps serving the last good site when a build fails, removes the site when the entity loses its annotation
 * or is deleted — each outcome stored together with its event. Builds of one entity never overlap.
 */
@ApplicationScoped
public class DocsService {

    private static final Logger LOG = Logger.getLogger(DocsService.class);

    /** What a build attempt did. */
    public enum Outcome { BUILT, UNCHANGED, FAILED, SKIPPED }

    private final SiteRepository repository;
    private final DocsSourceFetcher fetcher;
    private final SiteBuilder builder;
    private final TechDocsConfig config;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public DocsService(SiteRepository repository, DocsSourceFetcher fetcher, SiteBuilder builder, TechDocsConfig config) {
        this.repository = repository;
        this.fetcher = fetcher;
        this.builder = builder;
        this.config = config;
    }

    /** An entity changed: remember it; build its docs if it has the annotation, remove its site if it lost it. */
    public Outcome entityChanged(TrackedEntity entity) {
        Optional<TrackedEntity> known = repository.entity(entity.entityRef());
        if (known.isPresent() && known.get().generation() > entity.generation()) {
            return Outcome.SKIPPED; // an older change, redelivered
        }
        if (entity.techdocsRef() == null) {
            if (known.isPresent()) {
                repository.deleteEntity(entity.entityRef());
            }
            remove(entity.entityRef());
            return Outcome.SKIPPED;
        }
        repository.upsertEntity(entity);
        Optional<SiteState> site = repository.site(entity.entityRef());
        if (site.isPresent() && SiteState.EXTERNAL.equals(site.get().strategy())) {
            return Outcome.SKIPPED; // published by CI (external strategy): never rebuilt here
        }
        return build(entity.entityRef(), false, line -> { });
    }

    /** An entity was deleted: its site goes, with a removed event. */
    public void entityDeleted(String entityRef) {
        repository.deleteEntity(entityRef);
        remove(entityRef);
    }

    /**
     * Builds the entity's docs if their source changed since the served site (or always, when {@code force}).
     * Failures are stored and published; the served site stays.
     */
    public Outcome build(String entityRef, boolean force, Consumer<String> log) {
        ReentrantLock lock = locks.computeIfAbsent(entityRef, k -> new ReentrantLock());
        lock.lock();
        try {
            TrackedEntity entity = repository.entity(entityRef).orElse(null);
            if (entity == null || entity.techdocsRef() == null) {
                return Outcome.SKIPPED;
            }
            Optional<SiteState> previous = repository.site(entityRef);
            DocsSource source;
            try {
                DocsLocation location = DocsLocation.resolve(entity.techdocsRef(), entity.location());
                log.accept("Fetching the docs source from " + location);
                source = fetcher.fetch(location);
            } catch (BuildException e) {
                return fail(entityRef, e.getMessage(), previous, log);
            }
            if (!force && previous.isPresent() && source.hash().equals(previous.get().sourceHash())
                    && SiteState.LOCAL.equals(previous.get().strategy())
                    && !SiteState.BUILDING.equals(previous.get().status())) {
                log.accept("The docs source did not change (" + source.hash().substring(0, 12) + "); nothing to build");
                return Outcome.UNCHANGED;
            }
            repository.markBuilding(entityRef);
            BuiltSite site;
            try {
                site = builder.build(EntityRef.parse(entityRef), source, log);
            } catch (BuildException e) {
                return fail(entityRef, e.getMessage(), previous, log);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Building the docs of %s failed unexpectedly", entityRef);
                return fail(entityRef, "Internal error while building: " + e, previous, log);
            }
            store(entityRef, site, SiteState.LOCAL);
            log.accept("Published " + site.pages().size() + " pages");
            return Outcome.BUILT;
        } finally {
            lock.unlock();
        }
    }

    /** Stores an uploaded (externally built) site. */
    public void storeExternal(String entityRef, BuiltSite site) {
        ReentrantLock lock = locks.computeIfAbsent(entityRef, k -> new ReentrantLock());
        lock.lock();
        try {
            store(entityRef, site, SiteState.EXTERNAL);
        } finally {
            lock.unlock();
        }
    }

    private void store(String entityRef, BuiltSite site, String strategy) {
        repository.storeBuilt(entityRef, site, strategy, DocsEvents.built(entityRef, site, config.maxEventBytes()));
    }

    private Outcome fail(String entityRef, String reason, Optional<SiteState> previous, Consumer<String> log) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant serving = previous.map(SiteState::buildTimestamp).orElse(null);
        log.accept("Build failed: " + reason + (serving != null ? " (the previous site is still served)" : ""));
        if (previous.isPresent() && SiteState.FAILED.equals(previous.get().status()) && reason.equals(previous.get().lastError())) {
            repository.setStatus(entityRef, SiteState.FAILED);
            return Outcome.FAILED; // the same failure again (periodic refresh): already stored and published
        }
        LOG.infof("Docs of %s failed to build: %s", entityRef, reason);
        repository.storeFailed(entityRef, reason, now, DocsEvents.failed(entityRef, reason, now, serving));
        return Outcome.FAILED;
    }

    private void remove(String entityRef) {
        ReentrantLock lock = locks.computeIfAbsent(entityRef, k -> new ReentrantLock());
        lock.lock();
        try {
            repository.removeSite(entityRef, DocsEvents.removed(entityRef, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        } finally {
            lock.unlock();
        }
    }
}

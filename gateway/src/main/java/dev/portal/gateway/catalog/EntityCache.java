package dev.portal.gateway.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.gateway.GatewayConfig;
import dev.portal.gateway.TopicFollower;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The gateway's read model of the catalog: entities by canonical ref, kept current from the compacted
 * {@code portal.entity.changes} topic (replayed from offset 0 at start-up, so it needs no group and no commits),
 * bounded in size (least recently used entities go first; a miss is read from the catalog and remembered). Every
 * change is also broadcast to the {@code entityChanged} subscriptions.
 *
 * <p>Entities are kept as immutable {@link EntityView}s, parsed once when they arrive and shared by every request
 * (re-parsing JSON bytes on each read cost the entity page most of its time). A view is not a Jackson tree: with
 * trees, which take about ten times the memory, a few thousand large entities filled a small heap.
 */
@ApplicationScoped
public class EntityCache {

    private static final Logger LOG = Logger.getLogger(EntityCache.class);
    private static final int RECENT_DELETIONS = 10_000;

    /**
     * A change seen on the topic: the entity after it; for a deletion, the entity as the cache last knew it (so the
     * subscriptions' owner and type filters still match it), or null when it was not cached.
     */
    public record Change(String ref, JsonNode entity, boolean deleted) {
        /** A change to {@code entity}, or a deletion of an entity not known when it is null. */
        public Change(String ref, JsonNode entity) {
            this(ref, entity, entity == null);
        }

        /** The deletion of {@code ref}, last known as {@code lastKnown} (null when it was not known). */
        public static Change deletion(String ref, JsonNode lastKnown) {
            return new Change(ref, lastKnown, true);
        }
    }

    private final GatewayConfig config;
    private final Map<String, EntityView> entities;
    private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();
    /** Changes applied so far, and where each recently deleted ref was deleted (reads in flight are short). */
    private long applied;
    private final Map<String, Long> recentDeletions = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > RECENT_DELETIONS;
        }
    };
    private final String topic;
    private final String bootstrap;
    private TopicFollower follower;
    private volatile Map<TopicPartition, Long> replayEnd;
    private volatile boolean caughtUp;

    public EntityCache(GatewayConfig config, KafkaTopicsConfig topics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, MeterRegistry metrics) {
        this.config = config;
        int max = config.cacheMaxEntities();
        this.entities = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EntityView> eldest) {
                return size() > max;
            }
        };
        Gauge.builder("portal.gateway.cache.entities", this, EntityCache::size).register(metrics);
        this.topic = topics == null ? null : topics.entityChanges();
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent event) {
        if (!config.cacheEnabled()) {
            return;
        }
        follower = new TopicFollower("gateway-entity-cache", bootstrap, List.of(topic), true,
                new TopicFollower.Reader() {
                    @Override
                    public void positioned(Map<TopicPartition, Long> end) {
                        replayEnd = end;
                        LOG.infof("Entity cache replaying %s (%d partitions)", topic, end.size());
                    }

                    @Override
                    public void read(ConsumerRecord<String, byte[]> record) {
                        handle(record);
                    }

                    @Override
                    public void polled(Function<TopicPartition, Long> position) {
                        if (!caughtUp && replayEnd.entrySet().stream().allMatch(e -> position.apply(e.getKey()) >= e.getValue())) {
                            caughtUp = true;
                            LOG.infof("Entity cache caught up: %d entities", size());
                        }
                    }
                });
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (follower != null) {
            follower.stop();
        }
    }

    /** The entity (a tree of its own, the caller may change it), or null when it is not cached. */
    public JsonNode get(String canonicalRef) {
        EntityView view = view(canonicalRef);
        return view == null ? null : view.json();
    }

    /** The cached view of an entity (shared and immutable), or null when it is not cached. */
    public synchronized EntityView view(String canonicalRef) {
        return entities.get(canonicalRef);
    }

    /** A position in the stream of applied changes: take it before reading from the catalog, for {@link #remember}. */
    public synchronized long position() {
        return applied;
    }

    /**
     * Remembers an entity read from the catalog, unless the topic already delivered a (newer or equal) one, or
     * deleted the entity after {@code readFrom} (the position taken before the read): the read raced the deletion,
     * and caching it would serve a deleted entity until it is evicted. Returns the view to answer with.
     */
    public EntityView remember(JsonNode entity, long readFrom) {
        EntityView view = EntityView.compact(entity);
        String ref = view.ref();
        if (ref == null) {
            return view;
        }
        synchronized (this) {
            Long deletedAt = recentDeletions.get(ref);
            if (deletedAt != null && deletedAt > readFrom) {
                return view;
            }
            EntityView cached = entities.putIfAbsent(ref, view);
            return cached != null ? cached : view;
        }
    }

    public synchronized int size() {
        return entities.size();
    }

    /** Whether the replay of the topic has reached the end it had at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Every change from now on. */
    public Multi<Change> changes() {
        return changes;
    }

    /**
     * Applies one change (from the topic; public so tests and tools can feed the cache too): the entity under its own
     * ref when it names one (the view's interned ref, shared with the relations that target it), else under {@code ref}.
     * A null entity deletes it.
     */
    public void apply(String ref, JsonNode entity) {
        EntityView view = entity == null ? null : EntityView.compact(entity);   // parsed outside the lock
        String key = view != null && view.ref() != null ? view.ref() : ref;
        if (key == null) {
            throw new IllegalArgumentException("a change of an entity without kind and name, under no key");
        }
        EntityView previous = null;
        synchronized (this) {
            applied++;
            if (view == null) {
                previous = entities.remove(key);
                recentDeletions.put(key, applied);
            } else {
                entities.put(key, view);
                recentDeletions.remove(key);
            }
        }
        // a deletion carries the entity as it was last cached: its message holds no entity, and a subscription
        // filtered by owner or type could not match it otherwise
        changes.onNext(view != null ? new Change(key, entity)
                : Change.deletion(key, previous == null ? null : previous.json()));
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            String ref = record.key() == null ? null : EntityRef.parse(record.key()).canonical();
            String type = KafkaCloudEvents.header(record.headers(), KafkaCloudEvents.TYPE_HEADER).orElse("");
            if (record.value() == null || record.value().length == 0 || EventType.ENTITY_DELETED.type().equals(type)) {
                if (ref != null) {
                    apply(ref, null);
                }
                return;
            }
            apply(ref, Json.tree(record.value()));
        } catch (RuntimeException e) {
            // The cache is only a cache: a message it cannot read is skipped (the catalog still answers misses).
            LOG.warnf("Entity cache skipped %s@%d: %s", record.topic(), record.offset(), e.getMessage());
        }
    }

    /** {@code kind:namespace/name} of an entity document, or null. */
    public static String refOf(JsonNode entity) {
        if (entity == null || !entity.hasNonNull("kind") || !entity.path("metadata").hasNonNull("name")) {
            return null;
        }
        return EntityRef.of(entity.get("kind").asText(), entity.path("metadata").path("namespace").asText(null),
                entity.path("metadata").path("name").asText()).canonical();
    }
}

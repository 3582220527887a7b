package dev.portal.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.portal.events.EntityRef;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.gateway.GatewayConfig;
import dev.portal.gateway.TopicFollower;
import dev.portal.gateway.catalog.EntityCache;
import dev.portal.gateway.docs.DocsInfo;
import dev.portal.gateway.downstream.RefCache;
import dev.portal.gateway.scorecard.EntityScorecard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * TechDocs' and the scorecards' answers per entity, kept until their change topics ({@code portal.techdocs.changes},
 * {@code portal.scorecard.changes}) or the entity's own change name the entity again: a repeat entity page costs
 * neither service a call, and still follows every change within a second. The topics are followed from their end
 * (only what changes from now on matters; the caches start empty), by key only. While they are not followed
 * (start-up, Kafka failing) nothing is kept and every read goes to the services.
 */
@ApplicationScoped
public class CompositionCache {

    private static final Logger LOG = Logger.getLogger(CompositionCache.class);

    private final GatewayConfig config;
    private final RefCache<DocsInfo> docs;
    private final RefCache<List<EntityScorecard>> scorecards;
    private final TopicFollower follower;

    public CompositionCache(GatewayConfig config, KafkaTopicsConfig topics, EntityCache entities,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, MeterRegistry metrics) {
        this.config = config;
        this.docs = new RefCache<>(config.compositionCacheMaxEntities(), config.compositionCacheMaxAge());
        this.scorecards = new RefCache<>(config.compositionCacheMaxEntities(), config.compositionCacheMaxAge());
        // docs start (re)building when the entity changes: forget both answers then too
        entities.changes().subscribe().with(change -> {
            docs.invalidate(change.ref());
            scorecards.invalidate(change.ref());
        });
        for (var cache : Map.of("techdocs", docs, "scorecard", scorecards).entrySet()) {
            Gauge.builder("portal.gateway.composition.cache.entries", cache.getValue(), RefCache::size)
                    .tag("service", cache.getKey()).register(metrics);
            FunctionCounter.builder("portal.gateway.composition.cache.reads", cache.getValue(), RefCache::hits)
                    .tag("service", cache.getKey()).tag("result", "hit").register(metrics);
            FunctionCounter.builder("portal.gateway.composition.cache.reads", cache.getValue(), RefCache::misses)
                    .tag("service", cache.getKey()).tag("result", "miss").register(metrics);
        }
        String techdocsChanges = topics.techdocsChanges();
        this.follower = new TopicFollower("gateway-composition-cache", bootstrap, List.of(techdocsChanges, topics.scorecardChanges()),
                false, new TopicFollower.Reader() {
                    @Override
                    public void positioned(Map<TopicPartition, Long> end) {
                        docs.live(true);
                        scorecards.live(true);
                        LOG.infof("Composition cache following %s and %s", techdocsChanges, topics.scorecardChanges());
                    }

                    @Override
                    public void read(ConsumerRecord<String, byte[]> record) {
                        invalidate(record, record.topic().equals(techdocsChanges) ? docs : scorecards);
                    }

                    @Override
                    public void stopped() {
                        docs.live(false); // the services are asked again until the topics are followed again
                        scorecards.live(false);
                    }
                });
    }

    public RefCache<DocsInfo> docs() {
        return docs;
    }

    public RefCache<List<EntityScorecard>> scorecards() {
        return scorecards;
    }

    void start(@Observes StartupEvent event) {
        if (config.cacheEnabled()) {
            follower.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        follower.stop();
    }

    private static void invalidate(ConsumerRecord<String, byte[]> record, RefCache<?> cache) {
        String ref;
        try {
            ref = EntityRef.parse(record.key()).canonical();
        } catch (RuntimeException e) {
            LOG.warnf("Composition cache skipped %s@%d: key %s is no entity ref", record.topic(), record.offset(), record.key());
            return;
        }
        cache.invalidate(ref);
    }
}

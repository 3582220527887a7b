package dev.portal.benchmarks;

import static dev.portal.benchmarks.BenchmarkSupport.log;
import static dev.portal.benchmarks.BenchmarkSupport.sleep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.benchmarks.SyntheticOrganisation.Kind;
import dev.portal.benchmarks.SyntheticOrganisation.Ref;
import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.PortalStack;
import dev.portal.events.CloudEventEnvelope;
import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.KafkaCloudEvents;
import dev.portal.events.Topics;

/**
 * The search benchmark (issue 5): with the synthetic organisation in the catalog and synthetic TechDocs sites published
 * to {@code portal.techdocs.changes}, all indexed by the running search-service, it measures
 * <ol>
 *   <li>query latency: concurrent clients sending term queries over both document types (facets and highlights come
 *       with every such query);</li>
 *   <li>freshness: the time from a catalog write's commit (its HTTP answer) until {@code /api/search/query} returns
 *       the entity with the written text, while the catalog takes a steady rate of changes;</li>
 *   <li>full rebuilds of the {@code software-catalog} and {@code techdocs} indices, from the POST to the alias swap.</li>
 * </ol>
 * It prints the figures beside the targets and writes them as markdown.
 *
 * <p>Run it through {@code benchmarks/run-search-benchmark.sh}; {@code --help} lists the options.
 */
public final class SearchBenchmark {

    private static final String SCHEMA = CatalogBenchmark.SCHEMA;
    private static final String CATALOG = "software-catalog";
    private static final String TECHDOCS = "techdocs";
    private static final String BOTH_TYPES = "types%5B0%5D=" + CATALOG + "&types%5B1%5D=" + TECHDOCS;
    /** Backstage's (and the service's) largest pageLimit: a freshness poll asks about at most this many entities. */
    private static final int MAX_PAGE = 100;
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);
    private static final java.net.URI TOOL_SOURCE = java.net.URI.create("/search-benchmark");

    private final Options options;
    private final SyntheticOrganisation org;
    private final SyntheticDocs docs;
    private final CatalogClient catalog;
    private final CatalogClient search;
    private final long searchPid;
    private final long catalogPid;
    private final long opensearchPid;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final AtomicLong searchPeakKiB = new AtomicLong();
    private final AtomicLong opensearchPeakKiB = new AtomicLong();

    /** One line of the result table. */
    private record Row(String what, String measured, String target, String verdict) {
    }

    private SearchBenchmark(Options options) {
        this.options = options;
        this.org = new SyntheticOrganisation(options.seed, options.entities);
        this.docs = new SyntheticDocs(org, options.pages, options.pagesPerSite);
        this.catalog = new CatalogClient(options.catalogUrl, options.user);
        this.search = new CatalogClient(options.searchUrl, options.user);
        String up = "./portal up infra catalog search";
        this.searchPid = BenchmarkSupport.readPid(options.runDir.resolve("search.pid"), "search", up);
        this.catalogPid = BenchmarkSupport.readPid(options.runDir.resolve("catalog.pid"), "catalog", up);
        this.opensearchPid = BenchmarkSupport.readPid(options.runDir.resolve("opensearch.pid"), "opensearch", up);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            return;
        }
        new SearchBenchmark(options).run();
    }

    private void run() throws Exception {
        log("Search benchmark — %s, %,d entities (seed %d) + %,d docs pages (%,d sites × %d), %d query clients, "
                        + "freshness at %.0f changes/s for %d s", options.searchUrl, org.size(), org.seed(), docs.pages(),
                docs.sites(), options.pagesPerSite, options.clients, options.rate, options.freshness.toSeconds());
        log("machine: %d cores, load average %s; search-service pid %d, OpenSearch pid %d, catalog-service pid %d",
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), searchPid, opensearchPid, catalogPid);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> { // RSS is sampled through the whole run, not only read at the end
            while (sampling.get()) {
                searchPeakKiB.accumulateAndGet((long) (Machine.memoryMiB(searchPid, "VmRSS") * 1024), Math::max);
                opensearchPeakKiB.accumulateAndGet((long) (Machine.memoryMiB(opensearchPid, "VmRSS") * 1024), Math::max);
                sleep(500);
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            if (options.seedFirst) {
                CatalogBenchmark.clearCatalogSchema();
                long start = System.nanoTime();
                seedCatalog();
                if (docs.pages() > 0) {
                    publishDocs();
                }
                awaitIndexed("initial indexing", start);
            } else {
                awaitIndexed("indexing of what is loaded", System.nanoTime());
            }
            verify();
            if (options.phases.contains("query")) {
                measureQueries();
            }
            if (options.phases.contains("freshness")) {
                measureFreshness();
            }
            if (options.phases.contains("rebuild")) {
                awaitIndexed("indexing before the rebuilds", System.nanoTime());
                rebuild(CATALOG);
                if (docs.pages() > 0) {
                    rebuild(TECHDOCS);
                }
            }
        } finally {
            sampling.set(false);
        }
        rows.add(new Row("search-service RSS at the end (peak sampled during the run; VmHWM since start)",
                String.format("%.0f MiB (peak %.0f MiB; VmHWM %.0f MiB)", Machine.memoryMiB(searchPid, "VmRSS"),
                        searchPeakKiB.get() / 1024.0, Machine.memoryMiB(searchPid, "VmHWM")), "—", "—"));
        rows.add(new Row("OpenSearch RSS at the end (peak sampled during the run)",
                String.format("%.0f MiB (peak %.0f MiB)", Machine.memoryMiB(opensearchPid, "VmRSS"),
                        opensearchPeakKiB.get() / 1024.0), "—", "—"));
        report();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Loading: the catalog through its admin seed path, the docs straight to their topic
    // ----------------------------------------------------------------------------------------------------------

    private void seedCatalog() throws Exception {
        log("seeding %,d entities in batches of %,d (search-service indexes them meanwhile) …", org.size(), options.batch);
        long start = System.nanoTime();
        long lastProgress = start;
        for (int from = 0; from < org.size(); from += options.batch) {
            int to = Math.min(org.size(), from + options.batch);
            catalog.post("/admin/entities", Json.toBytes(org.batch(from, to)));
            if (System.nanoTime() - lastProgress > options.progress.toNanos() || to == org.size()) {
                lastProgress = System.nanoTime();
                log("  %,7d / %,d written to the catalog; %s", to, org.size(), indexingProgress());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log("seeded the catalog in %.1f s (%,.0f entities/s)", seconds, org.size() / seconds);
        figures.put("catalog seeding", String.format("%,d entities in %.1f s", org.size(), seconds));
    }

    /**
     * Publishes the docs sites as techdocs-service would: one {@code dev.portal.techdocs.built.v1} event per site,
     * keyed by the entity ref, CloudEvents binary mode.
     */
    private void publishDocs() throws Exception {
        log("publishing %,d docs sites (%,d pages) to %s …", docs.sites(), docs.pages(), Topics.TECHDOCS_CHANGES);
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            long lastProgress = start;
            for (int site = 0; site < docs.sites(); site++) {
                String ref = docs.owner(site).canonical();
                byte[] payload = Json.toBytes(docs.site(site, Instant.now()));
                bytes += payload.length;
                sent.add(producer.send(KafkaCloudEvents.record(Topics.TECHDOCS_CHANGES, ref,
                        CloudEventEnvelope.create(TOOL_SOURCE, EventType.TECHDOCS_BUILT, ref), payload)));
                if (sent.size() >= 500) {
                    for (Future<RecordMetadata> ack : sent) {
                        ack.get(60, TimeUnit.SECONDS);
                    }
                    sent.clear();
                }
                if (System.nanoTime() - lastProgress > options.progress.toNanos()) {
                    lastProgress = System.nanoTime();
                    log("  %,6d / %,d sites published; %s", site + 1, docs.sites(), indexingProgress());
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(60, TimeUnit.SECONDS);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log("published %,d sites (%.1f MB of JSON) in %.1f s", docs.sites(), bytes / 1e6, seconds);
        figures.put("docs published", String.format("%,d sites, %,d pages, %.1f MB of JSON, in %.1f s", docs.sites(),
                docs.pages(), bytes / 1e6, seconds));
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "search-benchmark");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Waits until every change is in the index: the catalog's outbox is empty and the search-service's consumer group
     * has read both topics to their end (it commits only what OpenSearch took), then one refresh interval more.
     */
    private void awaitIndexed(String what, long since) throws Exception {
        long deadline = System.nanoTime() + options.indexTimeout.toNanos();
        long lastProgress = 0;
        while (true) {
            Progress now = progress();
            boolean done = now.outbox == 0 && now.stitchQueued == 0 && now.catalogLag == 0 && now.docsLag == 0
                    && now.docsPages >= docs.pages() && now.catalogDocuments >= org.size();
            if (done || System.nanoTime() - lastProgress > options.progress.toNanos()) {
                lastProgress = System.nanoTime();
                log("  %s (waiting for: outbox, stitch queue and lag 0; ≥ %,d entities and %,d pages searchable)", now,
                        org.size(), docs.pages());
            }
            if (done) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not finished after " + options.indexTimeout.toMinutes()
                        + " minutes: " + now);
            }
            sleep(1000);
        }
        sleep(1500); // the 1 s refresh interval of the indices
        double seconds = (System.nanoTime() - since) / 1e9;
        Progress done = progress();
        log("%s done after %.1f s: %,d catalog documents, %,d docs pages searchable", what, seconds,
                done.catalogDocuments, done.docsPages);
        figures.put(what, String.format("%.1f s until everything was searchable", seconds));
        figures.put("documents searchable", String.format("software-catalog %,d, techdocs %,d (the index keeps entities "
                        + "of earlier runs that a TRUNCATE of the catalog removed without delete events)",
                done.catalogDocuments, done.docsPages));
    }

    /** Where loading stands: the outbox, the indexer's lag per topic, and what a match-all query finds per type. */
    private record Progress(long outbox, long stitchQueued, long catalogLag, long docsLag, long catalogDocuments, long docsPages,
                            double searchRssMiB) {
        @Override
        public String toString() {
            return String.format("outbox %,d, stitch queue %,d; indexer lag: entity changes %,d, docs changes %,d; "
                            + "searchable: software-catalog %,d, techdocs %,d; search-service RSS %.0f MiB", outbox,
                    stitchQueued, catalogLag,
                    docsLag, catalogDocuments, docsPages, searchRssMiB);
        }
    }

    private String indexingProgress() {
        try {
            return progress().toString();
        } catch (Exception e) {
            return "progress unknown (" + e + ")";
        }
    }

    private Progress progress() throws Exception {
        long outbox;
        long stitchQueued;
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            outbox = CatalogBenchmark.exists(sql, SCHEMA + ".outbox") ? CatalogBenchmark.count(sql, "SELECT count(*) FROM " + SCHEMA + ".outbox") : 0;
            stitchQueued = CatalogBenchmark.exists(sql, SCHEMA + ".stitch_queue")
                    ? CatalogBenchmark.count(sql, "SELECT count(*) FROM " + SCHEMA + ".stitch_queue") : 0;
        }
        Map<String, Long> lag = indexerLag();
        return new Progress(outbox, stitchQueued, lag.getOrDefault(Topics.ENTITY_CHANGES, -1L),
                lag.getOrDefault(Topics.TECHDOCS_CHANGES, -1L), countOf(CATALOG), countOf(TECHDOCS),
                Machine.memoryMiB(searchPid, "VmRSS"));
    }

    /** Documents a match-all query of one type finds (-1 when search does not answer in time). */
    private long countOf(String type) {
        try {
            return Json.tree(search.get("/query?types%5B0%5D=" + type + "&pageLimit=1", STATUS_TIMEOUT))
                    .path("numberOfResults").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Messages of each topic the search-service's indexer has not committed yet. */
    private Map<String, Long> indexerLag() throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(options.indexerGroup)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(Topics.ENTITY_CHANGES, Topics.TECHDOCS_CHANGES)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> lag = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, end) -> {
                OffsetAndMetadata at = committed.get(partition);
                long behind = end.offset() - (at == null ? 0 : at.offset());
                lag.merge(partition.topic(), Math.max(0, behind), Long::sum);
            });
            return lag;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Correctness first
    // ----------------------------------------------------------------------------------------------------------

    private void verify() throws Exception {
        Ref component = org.refAt(org.size() - 1);
        JsonNode byName = Json.tree(search.get("/query?term=" + CatalogClient.encode(component.name()) + "&"
                + BOTH_TYPES + "&pageLimit=5"));
        JsonNode first = byName.path("results").path(0);
        check(first.path("document").path("entityRef").asText().equals(component.canonical()),
                "searching for " + component.name() + " ranks first " + first.path("document").path("entityRef"));
        check(byName.path("facets").path("kind").size() > 0, "no kind facet: " + byName.path("facets"));
        check(!first.path("highlight").path("fields").isEmpty(), "no highlight: " + first);
        if (docs.pages() > 0) {
            String site = docs.owner(docs.sites() / 2).canonical();
            JsonNode pages = Json.tree(search.get("/query?types%5B0%5D=" + TECHDOCS + "&filters%5BentityRef%5D="
                    + CatalogClient.encode(site) + "&pageLimit=100"));
            expect(pages.path("numberOfResults").asLong(), options.pagesPerSite, "docs pages of " + site);
            check(pages.path("results").path(0).path("document").path("entityTitle").isTextual(),
                    "docs pages carry no entityTitle from the catalog document: " + pages.path("results").path(0));
        }
        log("verified: a name search ranks its entity first with facets and highlights; a site's pages are all indexed");
    }

    // ----------------------------------------------------------------------------------------------------------
    // (b) Query latency
    // ----------------------------------------------------------------------------------------------------------

    /** Terms present in the data: entity name parts (areas, people's first names) and the docs vocabulary. */
    private List<String> queryTerms() {
        List<String> terms = new ArrayList<>(SyntheticDocs.VOCABULARY);
        SplittableRandom random = new SplittableRandom(org.seed());
        for (int i = 0; i < 200; i++) {
            terms.add(org.refAt(random.nextInt(org.size())).name().split("-")[0]);
        }
        List<String> twoWords = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // a third of the queries have two words
            twoWords.add(terms.get(random.nextInt(terms.size())) + " " + terms.get(random.nextInt(terms.size())));
        }
        terms.addAll(twoWords);
        Collections.shuffle(terms, new java.util.Random(org.seed()));
        return terms;
    }

    private void measureQueries() throws Exception {
        measureQueries(1, Duration.ofSeconds(Math.max(5, options.duration.toSeconds() / 2))); // the cost of one query
        measureQueries(options.clients, options.duration);
    }

    private void measureQueries(int clients, Duration duration) throws Exception {
        List<String> terms = queryTerms();
        log("query latency: %d client(s), term queries over both types (facets, highlights), %d distinct terms, "
                + "%d s warm-up + %d s …", clients, terms.size(), options.warmUp.toSeconds(), duration.toSeconds());
        AtomicLong empty = new AtomicLong();
        Cpu before = Cpu.now(this);
        Load.Result result = Load.run("query-" + clients, clients, options.warmUp, duration, c -> random -> {
            String term = terms.get(random.nextInt(terms.size()));
            byte[] body = search.get("/query?term=" + CatalogClient.encode(term) + "&" + BOTH_TYPES + "&pageLimit=25");
            if (indexOf(body, "\"numberOfResults\":0,") >= 0 || indexOf(body, "\"facets\":{") < 0) {
                empty.incrementAndGet();
            }
        });
        String cpu = Cpu.now(this).since(before);
        log("query %2d  %,7d requests  %8.1f req/s  p50 %s  p95 %s  p99 %s  max %s  errors %d  no results %d  [%s]",
                clients, result.requests(), result.throughput(), ms(result.percentileMillis(50)), ms(result.percentileMillis(95)),
                ms(result.percentileMillis(99)), ms(result.maxMillis()), result.errors(), empty.get(), cpu);
        if (result.errors() > 0) {
            log("  first error: %s", result.firstError());
        }
        double p99 = result.percentileMillis(99);
        rows.add(new Row(String.format("query latency, %d client%s: term query over software-catalog + techdocs, "
                                + "facets and highlights, pageLimit 25", clients, clients == 1 ? " alone" : "s"),
                String.format("p50 %s, p95 %s, p99 %s, max %s; %,.0f req/s (%,d requests%s)",
                        ms(result.percentileMillis(50)), ms(result.percentileMillis(95)), ms(p99), ms(result.maxMillis()),
                        result.throughput(), result.requests(), result.errors() == 0 ? "" : ", " + result.errors() + " ERRORS"),
                clients == options.clients ? "p99 ≤ 50 ms at 16 clients" : "—",
                clients != options.clients ? "—" : result.errors() == 0 && p99 <= 50 ? "yes" : "**no**"));
        figures.put("CPU during the query scenario, " + clients + " client(s)", cpu);
        if (empty.get() > 0) {
            figures.put("queries with no result", String.format("%,d (terms drawn from the data should all match)", empty.get()));
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // (a) Freshness
    // ----------------------------------------------------------------------------------------------------------

    /**
     * One change: written to the catalog at {@code committed} (nanoTime; {@code committedAt} wall-clock millis), on
     * {@code portal.entity.changes} with its token at {@code publishedAt} (the record's timestamp, wall-clock millis),
     * found in search with its token at {@code seen}.
     */
    private static final class Probe {
        final int index;
        final String ref;
        final String token;
        final boolean measured; // false: written during the warm-up
        volatile long committed;
        volatile long committedAt;
        volatile long publishedAt;
        volatile long seen;

        Probe(int index, String ref, String token, boolean measured) {
            this.index = index;
            this.ref = ref;
            this.token = token;
            this.measured = measured;
        }
    }

    private void measureFreshness() throws Exception {
        long interval = (long) (options.writeBatch * 1e9 / options.rate);
        log("freshness: %.0f changes/s (%d per POST /admin/entities, one transaction each) for %d s after %d s of "
                        + "warm-up at that rate; polling search every %d ms for the changed entities …", options.rate,
                options.writeBatch, options.freshness.toSeconds(), options.freshnessWarmUp.toSeconds(),
                options.poll.toMillis());
        Map<Integer, Probe> changing = new ConcurrentHashMap<>();  // entity index → its change not yet seen
        Map<String, Probe> visible = new ConcurrentHashMap<>();    // committed, so the poller looks for it
        Map<String, Probe> sent = new ConcurrentHashMap<>();       // ref → its last change written (for the stages)
        List<Long> freshness = Collections.synchronizedList(new ArrayList<>());
        List<Long> writeNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> pollNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicLong committed = new AtomicLong();
        AtomicLong failedWrites = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        String run = Long.toString(System.currentTimeMillis() % 100_000, 36);
        AtomicBoolean writing = new AtomicBoolean(true);

        // No queue: a write that finds every writer busy is not sent (and counted), so a catalog that cannot take the
        // rate shows as a lower achieved rate, not as a backlog that grows for the rest of the run.
        ThreadPoolExecutor writers = new ThreadPoolExecutor(options.writers, options.writers, 0, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "catalog-writer");
                    t.setDaemon(true);
                    return t;
                });
        writers.prestartAllCoreThreads();
        AtomicLong notSent = new AtomicLong();
        Cpu before = null;
        // The warm-up's changes go the same way, unmeasured: updates after a seed run code the seed did not, and
        // until it is compiled (about half a minute, measured: p95 3.6 s in the first 25 s after a restart of the
        // search-service, 0.6 s after) a backlog builds up. Steady state is measured, as for queries.
        long warmUpStart = System.nanoTime();
        long start = warmUpStart + options.freshnessWarmUp.toNanos();
        long end = start + options.freshness.toNanos();
        AtomicLong pollerDeadline = new AtomicLong(Long.MAX_VALUE);
        Thread poller = new Thread(() -> poll(visible, freshness, pollNanos, writing, pollerDeadline::get), "poller");
        poller.start();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> watchPublished(sent, watching), "changes-watcher");
        watcher.start();

        SplittableRandom random = new SplittableRandom(org.seed() + 5);
        long scheduled = 0;
        long lastProgress = start;
        int lastSeen = 0;
        for (long k = 0; ; k++) {
            long due = warmUpStart + k * interval;
            if (due >= end) {
                break;
            }
            sleepUntil(due);
            boolean measured = due >= start;
            if (measured && before == null) {
                before = Cpu.now(this);
            }
            List<Probe> batch = new ArrayList<>();
            while (batch.size() < options.writeBatch) {
                int index = random.nextInt(org.size());
                Probe probe = new Probe(index, org.refAt(index).canonical(),
                        String.format("fresh-%s-%08d", run, sequence.incrementAndGet()), measured);
                if (changing.putIfAbsent(index, probe) == null) { // one change in flight per entity
                    batch.add(probe);
                    sent.put(probe.ref, probe);
                }
            }
            scheduled += measured ? batch.size() : 0;
            Runnable write = () -> {
                List<ObjectNode> entities = new ArrayList<>();
                for (Probe probe : batch) {
                    ObjectNode entity = org.entityAt(probe.index);
                    ObjectNode metadata = (ObjectNode) entity.get("metadata");
                    String description = metadata.path("description").asText("");
                    metadata.put("description", (description.isEmpty() ? "" : description + " ") + probe.token);
                    entities.add(entity);
                }
                long t0 = System.nanoTime();
                try {
                    catalog.post("/admin/entities", Json.toBytes(entities.size() == 1 ? entities.get(0)
                            : Json.mapper().valueToTree(entities)));
                    long t1 = System.nanoTime();
                    long committedAt = System.currentTimeMillis();
                    writeNanos.add(t1 - t0);
                    for (Probe probe : batch) {
                        probe.committed = t1;
                        probe.committedAt = committedAt;
                        visible.put(probe.ref, probe);
                    }
                    committed.addAndGet(measured ? batch.size() : 0);
                } catch (Exception e) {
                    failedWrites.addAndGet(measured ? batch.size() : 0);
                    batch.forEach(p -> changing.remove(p.index));
                    if (failedWrites.get() == batch.size()) {
                        log("  first failed write: %s", e);
                    }
                }
            };
            try {
                writers.execute(write);
            } catch (RejectedExecutionException busy) {
                notSent.addAndGet(measured ? batch.size() : 0);
                batch.forEach(p -> changing.remove(p.index));
            }
            if (System.nanoTime() - lastProgress >= options.progress.toNanos()) {
                lastProgress = System.nanoTime();
                changing.values().removeIf(p -> p.seen != 0); // the poller has seen these: they may change again
                List<Long> window;
                synchronized (freshness) {
                    window = new ArrayList<>(freshness.subList(lastSeen, freshness.size()));
                    lastSeen = freshness.size();
                }
                Load.Result r = Load.Result.of("window", window, 0, null, 1);
                log("  %5.0f s  committed %,7d (%,.0f/s; not sent %,d)  seen in search %,7d  waiting %,5d  last %ds: "
                                + "p50 %s p95 %s max %s  search RSS %.0f MiB", (System.nanoTime() - start) / 1e9,
                        committed.get(), committed.get() / Math.max(1e-3, (System.nanoTime() - start) / 1e9), notSent.get(),
                        freshness.size(), visible.size(),
                        options.progress.toSeconds(), ms(r.percentileMillis(50)), ms(r.percentileMillis(95)),
                        ms(r.maxMillis()), Machine.memoryMiB(searchPid, "VmRSS"));
            }
        }
        writers.shutdown();
        boolean drained = writers.awaitTermination(options.freshnessTimeout.toSeconds(), TimeUnit.SECONDS);
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        writing.set(false);
        String cpu = Cpu.now(this).since(before == null ? Cpu.now(this) : before);
        pollerDeadline.set(System.nanoTime() + options.freshnessTimeout.toNanos());
        log("  writes stopped after %.1f s (%,d of %,d changes committed, %,d failed, %,d not sent: every writer busy%s); "
                        + "waiting up to %d s for the last %,d …", writeSeconds, committed.get(), scheduled,
                failedWrites.get(), notSent.get(), drained ? "" : ", writers still busy",
                options.freshnessTimeout.toSeconds(), visible.size());
        poller.join();
        writers.shutdownNow();
        watching.set(false);
        watcher.join();

        long neverSeen = visible.size();
        Load.Result f = Load.Result.of("freshness", freshness, 0, null, writeSeconds);
        Load.Result w = Load.Result.of("writes", writeNanos, 0, null, writeSeconds);
        Load.Result p = Load.Result.of("polls", pollNanos, 0, null, writeSeconds);
        double rate = committed.get() / writeSeconds;
        log("freshness %,d changes seen: p50 %s  p95 %s  p99 %s  max %s; never seen within %d s: %,d; achieved %,.0f "
                        + "changes/s; write (POST) p50 %s p99 %s; poll query p50 %s p99 %s (%,d polls)  [%s]",
                freshness.size(), ms(f.percentileMillis(50)), ms(f.percentileMillis(95)), ms(f.percentileMillis(99)),
                ms(f.maxMillis()), options.freshnessTimeout.toSeconds(), neverSeen, rate, ms(w.percentileMillis(50)),
                ms(w.percentileMillis(99)), ms(p.percentileMillis(50)), ms(p.percentileMillis(99)), p.requests(), cpu);
        boolean rateOk = rate >= options.rate * 0.95;
        rows.add(new Row(String.format("freshness: catalog commit → returned by /api/search/query, while the catalog "
                                + "takes %.0f changes/s (%d s after %d s of warm-up; achieved %,.0f/s, %,d changes)",
                        options.rate, options.freshness.toSeconds(), options.freshnessWarmUp.toSeconds(), rate,
                        committed.get()),
                String.format("p50 %s, p95 %s, p99 %s, max %s; %,d never seen within %d s%s",
                        ms(f.percentileMillis(50)), ms(f.percentileMillis(95)), ms(f.percentileMillis(99)),
                        ms(f.maxMillis()), neverSeen, options.freshnessTimeout.toSeconds(),
                        failedWrites.get() == 0 ? "" : "; " + failedWrites.get() + " WRITES FAILED"),
                "p95 ≤ 1 s, p99 ≤ 2 s at 200 changes/s",
                neverSeen == 0 && rateOk && f.percentileMillis(95) <= 1000 && f.percentileMillis(99) <= 2000
                        ? "yes" : "**no**" + (rateOk ? "" : " (rate not reached)")));
        figures.put("freshness: catalog writes", String.format("%,d changes per POST /admin/entities (one transaction), "
                        + "%d writers; POST latency p50 %s, p99 %s; %,d changes not sent because every writer was busy",
                options.writeBatch, options.writers, ms(w.percentileMillis(50)), ms(w.percentileMillis(99)), notSent.get()));
        figures.put("freshness: poll queries", String.format("%,d (every %d ms, ≤ %d refs each as filters[entityRef], "
                        + "up to %d at a time); "
                        + "p50 %s, p99 %s — a change counts as seen when the answer arrives, so the figures include "
                        + "up to one poll interval plus one query", p.requests(), options.poll.toMillis(), MAX_PAGE,
                options.pollers,
                ms(p.percentileMillis(50)), ms(p.percentileMillis(99))));
        figures.put("CPU during the freshness scenario", cpu);
        stages(sent.values());
    }

    /**
     * Where the time of a change goes: commit (the POST's answer) → its event on {@code portal.entity.changes} (the
     * record's timestamp: the catalog's stitching and outbox relay), and from there → found by a search (the
     * search-service's consumer, OpenSearch's refresh, the poll). Clocks: the benchmark's and the relay's producer's,
     * both this machine's wall clock; a record may be stamped before the POST's answer arrives (below zero).
     */
    private void stages(Collection<Probe> probes) {
        List<Long> published = new ArrayList<>();
        List<Long> indexed = new ArrayList<>();
        for (Probe probe : probes) {
            if (!probe.measured || probe.committedAt == 0 || probe.publishedAt == 0) {
                continue;
            }
            published.add((probe.publishedAt - probe.committedAt) * 1_000_000);
            if (probe.seen != 0) {
                long seenAt = probe.committedAt + (probe.seen - probe.committed) / 1_000_000;
                indexed.add((seenAt - probe.publishedAt) * 1_000_000);
            }
        }
        Load.Result toTopic = Load.Result.of("published", published, 0, null, 1);
        Load.Result toSearch = Load.Result.of("searchable", indexed, 0, null, 1);
        String stages = String.format("commit → event on %s: p50 %s, p95 %s, p99 %s (%,d changes); event → found by "
                        + "a search: p50 %s, p95 %s, p99 %s (%,d)", Topics.ENTITY_CHANGES,
                ms(toTopic.percentileMillis(50)), ms(toTopic.percentileMillis(95)), ms(toTopic.percentileMillis(99)),
                published.size(), ms(toSearch.percentileMillis(50)), ms(toSearch.percentileMillis(95)),
                ms(toSearch.percentileMillis(99)), indexed.size());
        log("freshness stages: %s", stages);
        figures.put("freshness stages", stages);
    }

    /**
     * Reads {@code portal.entity.changes} from its end while the freshness scenario runs, stamping each change with
     * the timestamp of the first event of its entity that carries its token.
     */
    private void watchPublished(Map<String, Probe> sent, AtomicBoolean watching) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "search-benchmark-watcher");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ENTITY_CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before the first write
            while (watching.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Probe probe = record.key() == null ? null : sent.get(record.key());
                    if (probe != null && probe.publishedAt == 0 && record.value() != null
                            && record.value().contains(probe.token)) {
                        probe.publishedAt = record.timestamp();
                    }
                }
            }
        } catch (Exception e) {
            log("  watching %s failed: %s", Topics.ENTITY_CHANGES, e);
        }
    }

    /**
     * Every poll interval, asks search for all committed-but-unseen entities ({@code filters[entityRef]} with up to
     * 100 values per query) and marks those whose document text carries their change's token.
     */
    private void poll(Map<String, Probe> visible, List<Long> freshness, List<Long> pollNanos, AtomicBoolean writing,
                      LongSupplier deadline) {
        // The chunks of one cycle go in parallel: with many changes waiting, sequential queries would make a cycle
        // (and so every freshness figure) several query latencies long.
        ExecutorService pool = Executors.newFixedThreadPool(options.pollers, r -> {
            Thread t = new Thread(r, "poll-query");
            t.setDaemon(true);
            return t;
        });
        try {
            while (writing.get() || (!visible.isEmpty() && System.nanoTime() < deadline.getAsLong())) {
                long cycle = System.nanoTime();
                List<String> refs = new ArrayList<>(visible.keySet());
                List<Callable<Void>> chunks = new ArrayList<>();
                for (int from = 0; from < refs.size(); from += MAX_PAGE) {
                    List<String> chunk = refs.subList(from, Math.min(refs.size(), from + MAX_PAGE));
                    chunks.add(() -> {
                        pollOnce(chunk, visible, freshness, pollNanos);
                        return null;
                    });
                }
                pool.invokeAll(chunks);
                sleepUntil(cycle + options.poll.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One query for these refs; a change is seen when its entity's document text carries its token. */
    private void pollOnce(List<String> refs, Map<String, Probe> visible, List<Long> freshness, List<Long> pollNanos) {
        StringBuilder query = new StringBuilder("/query?types%5B0%5D=" + CATALOG + "&pageLimit=" + MAX_PAGE);
        for (String ref : refs) {
            query.append("&filters%5BentityRef%5D=").append(CatalogClient.encode(ref));
        }
        try {
            long t0 = System.nanoTime();
            JsonNode answer = Json.tree(search.get(query.toString(), STATUS_TIMEOUT));
            long t1 = System.nanoTime();
            pollNanos.add(t1 - t0);
            for (JsonNode result : answer.path("results")) {
                JsonNode document = result.path("document");
                Probe probe = visible.get(document.path("entityRef").asText());
                if (probe != null && document.path("text").asText().contains(probe.token)
                        && visible.remove(probe.ref, probe)) {
                    probe.seen = t1;
                    if (probe.measured) {
                        freshness.add(t1 - probe.committed);
                    }
                }
            }
        } catch (Exception e) {
            log("  poll failed: %s", e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // (c) Rebuilds
    // ----------------------------------------------------------------------------------------------------------

    private void rebuild(String type) throws Exception {
        long documentsBefore = countOf(type);
        log("rebuild %s (%,d documents searchable): POST /admin/rebuild/%s …", type, documentsBefore, type);
        Cpu before = Cpu.now(this);
        long start = System.nanoTime();
        search.post("/admin/rebuild/" + type, new byte[0]);
        JsonNode status;
        long lastProgress = start;
        long deadline = start + options.indexTimeout.toNanos();
        while (true) {
            sleep(500);
            status = Json.tree(search.get("/admin/rebuild/" + type, STATUS_TIMEOUT));
            if (!status.path("state").asText().equals("RUNNING")) {
                break;
            }
            if (System.nanoTime() - lastProgress > options.progress.toNanos()) {
                lastProgress = System.nanoTime();
                log("  %5.0f s  %s: read %,d / %,d messages, %,d documents written to %s; search RSS %.0f MiB, "
                                + "OpenSearch RSS %.0f MiB", (System.nanoTime() - start) / 1e9, status.path("state").asText(),
                        status.path("read").asLong(), status.path("total").asLong(), status.path("indexed").asLong(),
                        status.path("index").asText(), Machine.memoryMiB(searchPid, "VmRSS"),
                        Machine.memoryMiB(opensearchPid, "VmRSS"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rebuild of " + type + " still runs after "
                        + options.indexTimeout.toMinutes() + " minutes: " + status);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = Cpu.now(this).since(before);
        String state = status.path("state").asText();
        double serverSeconds = Duration.between(Instant.parse(status.path("startedAt").asText()),
                Instant.parse(status.path("finishedAt").asText())).toMillis() / 1e3;
        sleep(1500);
        long documentsAfter = countOf(type);
        log("rebuild %s: %s after %.1f s (server: %.1f s); %,d messages replayed, %,d index writes; %,d searchable "
                        + "after (%,d before)%s  [%s]", type, state, seconds, serverSeconds, status.path("read").asLong(),
                status.path("indexed").asLong(), documentsAfter, documentsBefore,
                status.hasNonNull("message") ? "; " + status.path("message").asText() : "", cpu);
        boolean ok = state.equals("SWAPPED") && documentsAfter >= documentsBefore;
        rows.add(new Row(String.format("full rebuild of %s: POST → alias swapped", type),
                String.format("%s after %.1f s: %,d messages replayed from the topic (%,d index writes), %,d "
                                + "documents searchable after (%,d before)", state, seconds, status.path("read").asLong(),
                        status.path("indexed").asLong(), documentsAfter, documentsBefore),
                "—", ok ? "ok" : "**FAILED**"));
        figures.put("CPU during the " + type + " rebuild", cpu);
        rebuildSeconds += seconds;
        rebuildDocuments += documentsAfter;
        if (type.equals(TECHDOCS) || docs.pages() == 0) {
            rows.add(new Row("full rebuild, both types one after the other",
                    String.format("%.1f s for %,d documents", rebuildSeconds, rebuildDocuments), "≤ 60 s for 150k",
                    rebuildSeconds <= 60 ? "yes" : "**no**"));
        }
    }

    private double rebuildSeconds;
    private long rebuildDocuments;

    // ----------------------------------------------------------------------------------------------------------
    // The report
    // ----------------------------------------------------------------------------------------------------------

    private void report() throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Search benchmark, %s — %,d entities (seed %d) + %,d docs pages (%,d sites × %d); "
                        + "%d cores; load average at the end %s%n%n", ZonedDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")), org.size(), org.seed(), docs.pages(),
                docs.sites(), options.pagesPerSite, Runtime.getRuntime().availableProcessors(), Machine.loadAverage()));
        md.append("| measured | Portal | target | met |\n|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", row.what, row.measured, row.target, row.verdict)).append(" |\n");
            BenchmarkResults.record("search", row.what, row.measured, row.target, BenchmarkSupport.met(row.verdict));
        }
        md.append('\n');
        figures.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        System.out.println();
        System.out.print(md);
        if (options.out != null) {
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            Files.writeString(options.out, md.toString());
            log("written to %s", options.out);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Small helpers
    // ----------------------------------------------------------------------------------------------------------

    /** CPU split between search-service, OpenSearch, catalog-service, PostgreSQL, this tool and the rest. */
    private record Cpu(Machine.Cpu search, Machine.Cpu opensearch, Machine.Cpu catalog) {
        static Cpu now(SearchBenchmark b) {
            return new Cpu(Machine.Cpu.now(b.searchPid), Machine.Cpu.now(b.opensearchPid), Machine.Cpu.now(b.catalogPid));
        }

        String since(Cpu before) {
            double wall = (search.wallNanos() - before.search.wallNanos()) / 1e9;
            double busy = (search.machineBusy() - before.search.machineBusy()) / wall;
            double s = (search.catalog() - before.search.catalog()) / wall; // Machine.Cpu's "catalog" is the pid given
            double o = (opensearch.catalog() - before.opensearch.catalog()) / wall;
            double c = (catalog.catalog() - before.catalog.catalog()) / wall;
            double pg = Math.max(0, search.postgres() - before.search.postgres()) / wall; // exited backends: a lower bound
            double me = (search.self() - before.search.self()) / wall;
            return String.format("cores busy %.2f = search %.2f + OpenSearch %.2f + catalog %.2f + postgres %.2f + "
                    + "this tool %.2f + other %.2f", busy, s, o, c, pg, me, Math.max(0, busy - s - o - c - pg - me));
        }
    }

    private static int indexOf(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(needle);
    }

    private static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "—";
        }
        return (millis < 10 ? String.format(Locale.ROOT, "%.2f", millis) : millis < 100
                ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%,.0f", millis)) + " ms";
    }

    private static void expect(long actual, long expected, String what) {
        check(actual >= expected, what + ": " + actual + ", expected " + expected);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + problem);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            sleep(Math.max(1, left / 1_000_000));
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Options
    // ----------------------------------------------------------------------------------------------------------

    /** Command-line options, {@code --name value}. */
    record Options(String searchUrl, String catalogUrl, String kafka, String indexerGroup, int entities, long seed,
                   int pages, int pagesPerSite, int batch, int clients, Duration warmUp, Duration duration, double rate,
                   int writeBatch, int writers, int pollers, Duration freshness, Duration freshnessWarmUp,
                   Duration freshnessTimeout, Duration poll,
                   Set<String> phases, Duration progress, Duration indexTimeout, String user, Path runDir,
                   boolean seedFirst, Path out) {

        static Options parse(String[] args) {
            Map<String, String> given = BenchmarkSupport.arguments(args, Set.of("no-seed"), USAGE);
            if (given == null) {
                return null;
            }
            Map<String, String> env = System.getenv();
            Set<String> phases = Set.of(given.getOrDefault("phases", "query,freshness,rebuild").split(","));
            if (!Set.of("query", "freshness", "rebuild").containsAll(phases)) {
                throw new IllegalArgumentException("unknown phase in " + phases + "\n" + USAGE);
            }
            Options options = new Options(
                    given.getOrDefault("search-url", "http://127.0.0.1:" + env.getOrDefault("PORTAL_SEARCH_PORT", "8082")
                            + "/api/search"),
                    given.getOrDefault("catalog-url", "http://127.0.0.1:" + env.getOrDefault("PORTAL_CATALOG_PORT", "8081")
                            + "/api/catalog"),
                    given.getOrDefault("kafka", "127.0.0.1:" + env.getOrDefault("PORTAL_KAFKA_PORT", "59092")),
                    given.getOrDefault("indexer-group", "search-service-indexer"),
                    Integer.parseInt(given.getOrDefault("entities", "100000")),
                    Long.parseLong(given.getOrDefault("seed", "42")),
                    Integer.parseInt(given.getOrDefault("pages", "50000")),
                    Integer.parseInt(given.getOrDefault("pages-per-site", "10")),
                    Integer.parseInt(given.getOrDefault("batch", "1000")),
                    Integer.parseInt(given.getOrDefault("clients", "16")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "30"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("duration", "30"))),
                    Double.parseDouble(given.getOrDefault("rate", "200")),
                    Integer.parseInt(given.getOrDefault("write-batch", "10")),
                    Integer.parseInt(given.getOrDefault("writers", "8")),
                    Integer.parseInt(given.getOrDefault("pollers", "4")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("freshness", "60"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("freshness-warmup", "30"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("freshness-timeout", "30"))),
                    Duration.ofMillis(Long.parseLong(given.getOrDefault("poll-ms", "50"))),
                    phases,
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("progress", "5"))),
                    Duration.ofMinutes(Long.parseLong(given.getOrDefault("timeout", "30"))),
                    given.getOrDefault("user", "alice"),
                    Path.of(given.getOrDefault("run-dir", ".portal/run")),
                    !given.containsKey("no-seed"),
                    given.containsKey("out") ? Path.of(given.get("out")) : null);
            given.keySet().removeAll(Set.of("search-url", "catalog-url", "kafka", "indexer-group", "entities", "seed",
                    "pages", "pages-per-site", "batch", "clients", "warmup", "duration", "rate", "write-batch", "writers", "pollers",
                    "freshness", "freshness-warmup", "freshness-timeout", "poll-ms", "phases", "progress", "timeout", "user", "run-dir",
                    "no-seed", "out"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
            }
            return options;
        }
    }

    private static final String USAGE = """
            usage: java -cp portal-benchmarks.jar dev.portal.benchmarks.SearchBenchmark [options]
                   (normally through benchmarks/run-search-benchmark.sh)
              --entities N            size of the synthetic organisation (default 100000)
              --pages N               TechDocs pages to publish (default 50000)
              --pages-per-site N      pages per docs site, one site per component (default 10)
              --seed S                generator seed (default 42)
              --batch N               entities per seed POST /admin/entities (default 1000)
              --clients N             concurrent clients of the query scenario (default 16)
              --warmup SECONDS        unmeasured warm-up of the query scenario (default 30: the JIT compiles the query path)
              --duration SECONDS      measured time of the query scenario (default 30)
              --rate N                catalog changes per second during the freshness scenario (default 200)
              --write-batch N         changes per catalog write (POST, one transaction) (default 10)
              --writers N             concurrent catalog writers keeping the rate (default 8)
              --freshness SECONDS     how long the catalog takes changes (default 60)
              --freshness-warmup S    changes at the rate before the measured ones (default 30)
              --freshness-timeout S   after the writes, how long to wait for the last changes (default 30)
              --poll-ms MILLIS        freshness poll interval (default 50)
              --pollers N             parallel poll queries, ≤ 100 changed entities each (default 4)
              --phases LIST           of query,freshness,rebuild (default all three)
              --no-seed               measure what is loaded (same --entities, --pages, --seed) instead of clearing
                                      the catalog, seeding it and publishing the docs
              --progress SECONDS      progress line interval (default 5)
              --timeout MINUTES       give up waiting for indexing or a rebuild after this long (default 30)
              --search-url URL        default http://127.0.0.1:$PORTAL_SEARCH_PORT/api/search (port 8082)
              --catalog-url URL       default http://127.0.0.1:$PORTAL_CATALOG_PORT/api/catalog (port 8081)
              --kafka HOST:PORT       default 127.0.0.1:$PORTAL_KAFKA_PORT (59092)
              --indexer-group ID      the search-service's consumer group (default search-service-indexer)
              --user NAME             Keycloak user with portal-admin, password = name (default alice)
              --run-dir PATH          the stack's pid files, for RSS and CPU (default .portal/run)
              --out FILE              also write the report (markdown) to FILE
            The seed step TRUNCATEs the catalog schema's entities, relations, entity_parents, outbox and stitch_queue
            of the running stack, and publishes docs sites to its portal.techdocs.changes topic.""";
}

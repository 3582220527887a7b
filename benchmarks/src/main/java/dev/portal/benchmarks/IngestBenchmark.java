package dev.portal.benchmarks;

import static dev.portal.benchmarks.BenchmarkSupport.log;
import static dev.portal.benchmarks.BenchmarkSupport.sleep;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.PortalStack;
import dev.portal.events.Json;

/**
 * The ingest benchmark (issue 4): the synthetic organisation of {@link CatalogBenchmark}, written as catalog files,
 * read by the catalog-service from a registered {@code file} location. The clock runs from {@code POST /locations}
 * until every entity is stored, related, stitched (the deferred stitcher's queue is empty) and its change event
 * published to Kafka (the outbox is empty). One run per layout: all entities in one file, or in many files listed by
 * a root {@code catalog-info.yaml}.
 *
 * <p>With {@code --refresh-cost SECONDS} it instead measures what the location refresh loop costs while nothing
 * changes: the catalog-service's CPU, PostgreSQL's transactions and rows, and whether any change event leaves.
 *
 * <p>Run it through {@code benchmarks/run-ingest-benchmark.sh}; {@code --help} lists the options.
 */
public final class IngestBenchmark {

    private static final String SCHEMA = CatalogBenchmark.SCHEMA;
    /** Besides the generated entities: the root file's Location entity and the registered location's generated one. */
    private static final int LOCATION_ENTITIES = 2;
    /** The status endpoint is polled for progress: a catalog too busy to answer must not stall the progress lines. */
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);

    private final Options options;
    private final SyntheticOrganisation org;
    private final CatalogClient client;
    private final long catalogPid;
    private final StringBuilder report = new StringBuilder();

    private IngestBenchmark(Options options) {
        this.options = options;
        this.org = new SyntheticOrganisation(options.seed, options.entities);
        this.client = new CatalogClient(options.url, options.user);
        this.catalogPid = BenchmarkSupport.readPid(options.pidFile, "catalog-service", "./portal up catalog");
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            return;
        }
        IngestBenchmark benchmark = new IngestBenchmark(options);
        if (options.clearOnly) {
            benchmark.clearCatalog();
        } else if (options.refreshCost != null) {
            benchmark.measureRefreshLoop();
        } else {
            benchmark.ingestAllLayouts();
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Ingest from files
    // ----------------------------------------------------------------------------------------------------------

    /** What one layout's run gave. */
    private record Run(int files, long bytes, long largestFile, double toAnswer, double total, long stored,
                       long relations, long events, double peakRssMiB, String cpu, String failure) {
    }

    private void ingestAllLayouts() throws Exception {
        Path dir = options.dir != null ? options.dir : Files.createTempDirectory("portal-ingest-bench-");
        log("Ingest benchmark — %s, %,d entities (seed %d), layouts %s, files under %s", options.url, org.size(),
                org.seed(), options.layouts, dir);
        log("machine: %d cores, load average %s; catalog-service pid %d", Runtime.getRuntime().availableProcessors(),
                Machine.loadAverage(), catalogPid);
        List<Run> runs = new ArrayList<>();
        for (int files : options.layouts) {
            Path root = writeLayout(dir, files);
            runs.add(ingest(files, root));
        }
        report(runs);
    }

    /**
     * Writes entities {@code [0, N)} in generation (dependency) order as {@code files} multi-document YAML files of
     * consecutive entities, and a {@code catalog-info.yaml} whose Location lists them as relative targets.
     */
    private Path writeLayout(Path parent, int files) throws IOException {
        Path dir = parent.resolve(files == 1 ? "one-file" : files + "-files");
        Files.createDirectories(dir);
        Dump yaml = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(200).build());
        long t0 = System.nanoTime();
        List<String> targets = new ArrayList<>();
        long bytes = 0;
        long largest = 0;
        for (int f = 0; f < files; f++) {
            int from = (int) ((long) org.size() * f / files);
            int to = (int) ((long) org.size() * (f + 1) / files);
            String name = files == 1 ? "entities.yaml" : String.format("entities-%04d.yaml", f + 1);
            Path file = dir.resolve(name);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int i = from; i < to; i++) {
                    out.write("---\n");
                    out.write(yaml.dumpToString(Json.mapper().convertValue(org.entityAt(i), Map.class)));
                }
            }
            targets.add("./" + name);
            bytes += Files.size(file);
            largest = Math.max(largest, Files.size(file));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "backstage.io/v1alpha1");
        root.put("kind", "Location");
        root.put("metadata", Map.of("name", "ingest-benchmark",
                "description", String.format("%,d synthetic entities (seed %d) in %,d files", org.size(), org.seed(), files)));
        root.put("spec", Map.of("targets", targets));
        Path rootFile = dir.resolve("catalog-info.yaml");
        Files.writeString(rootFile, yaml.dumpToString(root));
        log("wrote %,d entities in %,d file(s) under %s: %.1f MB, largest file %.2f MB (%.1f s)", org.size(), files,
                dir, bytes / 1e6, largest / 1e6, (System.nanoTime() - t0) / 1e9);
        layoutSizes.put(files, new long[] {bytes, largest});
        return rootFile;
    }

    private final Map<Integer, long[]> layoutSizes = new HashMap<>();

    private Run ingest(int files, Path root) throws Exception {
        clearCatalog();
        long expected = org.size() + (long) LOCATION_ENTITIES;
        long publishedBefore = eventsPublished();
        AtomicLong peakRssKiB = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakRssKiB.accumulateAndGet((long) (Machine.memoryMiB(catalogPid, "VmRSS") * 1024), Math::max);
                sleep(250);
            }
        }, "rss-sampler");
        sampler.start();

        log("layout %,d file(s): POST /locations {type: file, target: %s} …", files, root);
        Machine.Cpu cpu = Machine.Cpu.now(catalogPid);
        long start = System.nanoTime();
        byte[] body = Json.toBytes(Json.mapper().createObjectNode().put("type", "file").put("target", root.toString()));
        CompletableFuture<Long> registration = CompletableFuture.supplyAsync(() -> {
            try {
                return client.postDiscardingAnswer("/locations", body, options.timeout);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        double toAnswer = -1;
        String failure = null;
        long lastProgress = 0;
        Progress now;
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            while (true) {
                sleep(1000);
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (toAnswer < 0 && registration.isDone()) {
                    toAnswer = elapsed;
                    try {
                        log("  %5.0f s  201 Created after %.1f s (answer %,d bytes): the tree is read and written; "
                                + "peers are stitched and events published in the background", elapsed, toAnswer,
                                registration.join());
                    } catch (CompletionException e) {
                        failure = "POST /locations failed after " + Math.round(toAnswer) + " s: " + e.getCause();
                        log("  %s", failure);
                    }
                    String errors = locationErrors(root.toString());
                    if (errors != null) {
                        failure = (failure == null ? "" : failure + "; ") + "location errors: " + errors;
                        log("  the location reports errors: %s", errors);
                    }
                }
                boolean progressDue = System.nanoTime() - lastProgress >= options.progress.toNanos();
                // Cheap checks every second; the count of stored entities (a scan of the table) only for a progress
                // line or to confirm the end, so the tool loads the database it measures as little as it can.
                now = Progress.read(sql, progressDue);
                if (!progressDue && toAnswer >= 0 && now.stitchQueued == 0 && now.outbox == 0) {
                    now = Progress.read(sql, true);
                }
                boolean drained = now.stitchQueued == 0 && now.outbox == 0;
                boolean done = toAnswer >= 0 && drained && (failure != null || now.entities >= expected);
                if (progressDue || done) {
                    lastProgress = System.nanoTime();
                    long published = eventsPublished();
                    log("  %5.0f s  stored %,7d / %,d entities  pending stitch %,6d  pending events %,7d  "
                                    + "events published %7s  catalog RSS %.0f MiB%s", elapsed, now.entities, expected,
                            now.stitchQueued, now.outbox, published < 0 || publishedBefore < 0 ? "?"
                                    : String.format("%,d", published - publishedBefore),
                            Machine.memoryMiB(catalogPid, "VmRSS"), toAnswer < 0 ? "  (POST /locations still reading)" : "");
                }
                if (done) {
                    break;
                }
                if (elapsed > options.timeout.toSeconds()) {
                    failure = (failure == null ? "" : failure + "; ") + "not finished after " + Math.round(elapsed) + " s";
                    log("  %s", failure);
                    break;
                }
            }
            double total = (System.nanoTime() - start) / 1e9;
            String cpuSplit = Machine.Cpu.now(catalogPid).since(cpu);
            sampling.set(false);
            sampler.join();
            long relations = countOf(sql, "SELECT count(*) FROM " + SCHEMA + ".relations");
            long publishedAfter = eventsPublished();
            long events = publishedAfter < 0 || publishedBefore < 0 ? -1 : publishedAfter - publishedBefore;
            if (failure == null) {
                verifyStitched();
            }
            long[] sizes = layoutSizes.get(files);
            Run run = new Run(files, sizes[0], sizes[1], toAnswer, total, now.entities, relations, events,
                    peakRssKiB.get() / 1024.0, cpuSplit, failure);
            log("layout %,d file(s): %s in %.1f s (%,.0f entities/s; 201 after %.1f s); %,d relation rows; %,d change "
                            + "events published; peak catalog RSS %.0f MiB; %s", files,
                    failure == null ? "all " + String.format("%,d", now.entities) + " entities stored, stitched and published"
                            : "FAILED (" + failure + ")", total, now.entities / total, toAnswer, relations, events,
                    run.peakRssMiB, cpuSplit);
            return run;
        }
    }

    /** Counts in one snapshot: stored entities (optional: it scans the table), the stitch queue and the outbox. */
    private record Progress(long entities, long stitchQueued, long outbox) {
        static Progress read(Statement sql, boolean countEntities) throws SQLException {
            try (ResultSet rs = sql.executeQuery("SELECT " + (countEntities ? "(SELECT count(*) FROM " + SCHEMA
                    + ".entities)" : "-1") + ", (SELECT count(*) FROM " + SCHEMA + ".stitch_queue), (SELECT count(*) FROM "
                    + SCHEMA + ".outbox)")) {
                rs.next();
                return new Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /**
     * Related and stitched both ways: the last component is served with its ownedBy relation, and its owner — a
     * team written long before it, so only the deferred stitcher can have added this — with ownerOf the component.
     */
    private void verifyStitched() throws Exception {
        SyntheticOrganisation.Ref component = org.refAt(org.size() - 1);
        JsonNode served = Json.tree(client.get("/entities/by-name/Component/default/" + component.name()));
        String owner = served.path("spec").path("owner").asText();
        check(hasRelation(served, "ownedBy", owner), component.canonical() + " is served without ownedBy " + owner);
        String[] ownerParts = owner.split("[:/]"); // group:default/name
        JsonNode team = Json.tree(client.get("/entities/by-name/Group/default/" + ownerParts[2]));
        check(hasRelation(team, "ownerOf", component.canonical()), owner + " is served without ownerOf " + component.canonical());
        log("verified: %s is served with ownedBy %s, and %s with ownerOf it", component.canonical(), owner, owner);
    }

    private static boolean hasRelation(JsonNode entity, String type, String targetRef) {
        for (JsonNode relation : entity.path("relations")) {
            if (relation.path("type").asText().equals(type) && relation.path("targetRef").asText().equals(targetRef)) {
                return true;
            }
        }
        return false;
    }

    /** The errors the status endpoint reports for the location with this target, or null when there are none. */
    private String locationErrors(String target) {
        try {
            for (JsonNode location : Json.tree(client.get("/ingest/status", STATUS_TIMEOUT)).path("locations")) {
                if (location.path("target").asText().equals(target) && !location.path("errors").isEmpty()) {
                    String errors = location.path("errors").toString();
                    return errors.length() > 400 ? errors.substring(0, 400) + "…" : errors;
                }
            }
        } catch (Exception e) {
            return "(status endpoint: " + e + ")";
        }
        return null;
    }

    /** The status endpoint's count of change events published since the catalog started; -1 if it does not answer. */
    private long eventsPublished() {
        try {
            return Json.tree(client.get("/ingest/status", STATUS_TIMEOUT)).path("eventsPublished").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // The refresh loop when nothing changed
    // ----------------------------------------------------------------------------------------------------------

    /** pg_stat counters: the whole portal database, and the tables of the catalog schema (the catalog's own work). */
    private record DbStats(long transactions, long tuplesReturned, long tuplesFetched, long tuplesWritten,
                           long catalogScans, long catalogRowsRead, long catalogRowsWritten, long locationFileRows) {

        static DbStats read(Statement sql) throws SQLException {
            try (ResultSet rs = sql.executeQuery("SELECT d.xact_commit + d.xact_rollback, d.tup_returned, d.tup_fetched,"
                    + " d.tup_inserted + d.tup_updated + d.tup_deleted, t.scans, t.rows_read, t.rows_written, lf.n_tup_ins"
                    + " FROM pg_stat_database d,"
                    + " (SELECT sum(seq_scan + coalesce(idx_scan, 0)) scans, sum(seq_tup_read + coalesce(idx_tup_fetch, 0))"
                    + "  rows_read, sum(n_tup_ins + n_tup_upd + n_tup_del) rows_written FROM pg_stat_user_tables"
                    + "  WHERE schemaname = '" + SCHEMA + "') t,"
                    + " (SELECT n_tup_ins FROM pg_stat_user_tables WHERE schemaname = '" + SCHEMA
                    + "' AND relname = 'location_files') lf"
                    + " WHERE d.datname = current_database()")) {
                rs.next();
                return new DbStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8));
            }
        }
    }

    /**
     * Watches the catalog-service for a window while nothing changes on disk. The service should be running with a
     * short refresh interval (the script restarts it with PORTAL_REFRESH_INTERVAL=PT10S), so the window holds
     * several refresh cycles; the cost per cycle then scales to any interval.
     */
    private void measureRefreshLoop() throws Exception {
        Duration window = options.refreshCost;
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            Progress loaded = Progress.read(sql, true);
            long files = countOf(sql, "SELECT count(*) FROM " + SCHEMA + ".location_files");
            long locations = countOf(sql, "SELECT count(*) FROM " + SCHEMA + ".locations");
            log("Refresh loop cost — %,d entities, %,d locations, %,d files; waiting for the stitch queue and outbox "
                    + "to drain, then %d s of warm-up", loaded.entities, locations, files, options.warmUp.toSeconds());
            for (Progress left = loaded; left.stitchQueued > 0 || left.outbox > 0; left = Progress.read(sql, false)) {
                sleep(2000);
            }
            sleep(options.warmUp.toMillis());

            long publishedBefore = eventsPublished();
            String windowStart = stringOf(sql, "SELECT now()::text");
            DbStats before = DbStats.read(sql);
            Machine.Cpu cpu = Machine.Cpu.now(catalogPid);
            long start = System.nanoTime();
            Machine.Cpu slice = cpu;
            while (System.nanoTime() - start < window.toNanos()) {
                sleep(Math.min(10_000, Math.max(0, (window.toNanos() - (System.nanoTime() - start)) / 1_000_000)));
                Machine.Cpu next = Machine.Cpu.now(catalogPid);
                log("  %5.0f s  %s; catalog RSS %.0f MiB", (System.nanoTime() - start) / 1e9, next.since(slice),
                        Machine.memoryMiB(catalogPid, "VmRSS"));
                slice = next;
            }
            Machine.Cpu end = Machine.Cpu.now(catalogPid);
            DbStats after = DbStats.read(sql);
            double seconds = (System.nanoTime() - start) / 1e9;
            long events = eventsPublished() - publishedBefore;
            long rewritten = countOf(sql, "SELECT count(*) FROM " + SCHEMA
                    + ".entities WHERE updated_at >= '" + windowStart + "'");

            double minutes = seconds / 60;
            double catalogCores = (end.catalog() - cpu.catalog()) / seconds;
            double postgresCores = (end.postgres() - cpu.postgres()) / seconds;
            double cycles = files == 0 ? 0 : (after.locationFileRows - before.locationFileRows) / (double) files;
            // One explicit re-read of the same location, timed: POST /refresh of an entity it emitted.
            String someRef = org.refAt(org.size() - 1).canonical();
            long t0 = System.nanoTime();
            client.post("/refresh", Json.toBytes(Json.mapper().createObjectNode().put("entityRef", someRef)));
            double oneRead = (System.nanoTime() - t0) / 1e9;
            long eventsAfterRefresh = eventsPublished() - publishedBefore - events;

            StringBuilder md = new StringBuilder();
            md.append(String.format("%nRefresh loop with nothing changed, %s — %,d entities, %,d locations, %,d files, "
                            + "%.0f s window, load average at the end %s%n%n", now(), loaded.entities, locations, files,
                    seconds, Machine.loadAverage()));
            md.append("| measured | value |\n|---|---|\n");
            md.append(String.format("| refresh cycles in the window (location_files rows rewritten ÷ files) | %.1f |%n", cycles));
            md.append(String.format("| catalog-service CPU | %.1f %% of one core (%.2f CPU-s per cycle) |%n",
                    catalogCores * 100, cycles > 0 ? catalogCores * seconds / cycles : Double.NaN));
            md.append(String.format("| PostgreSQL CPU (all backends) | %.1f %% of one core |%n", postgresCores * 100));
            md.append(String.format("| transactions, whole `portal` database (other services included) | %,.0f per minute |%n",
                    (after.transactions - before.transactions) / minutes));
            md.append(String.format("| table scans of the `catalog` schema (≈ statements) | %,.0f per minute (%,.0f per cycle) |%n",
                    (after.catalogScans - before.catalogScans) / minutes,
                    cycles > 0 ? (after.catalogScans - before.catalogScans) / cycles : Double.NaN));
            md.append(String.format("| rows read from the `catalog` schema | %,.0f per minute |%n",
                    (after.catalogRowsRead - before.catalogRowsRead) / minutes));
            md.append(String.format("| rows written to the `catalog` schema | %,.0f per minute (location_files only: %,.0f) |%n",
                    (after.catalogRowsWritten - before.catalogRowsWritten) / minutes,
                    (after.locationFileRows - before.locationFileRows) / minutes));
            md.append(String.format("| rows returned / fetched, whole database | %,.0f / %,.0f per minute |%n",
                    (after.tuplesReturned - before.tuplesReturned) / minutes, (after.tuplesFetched - before.tuplesFetched) / minutes));
            md.append(String.format("| change events published in the window | %,d |%n", events));
            md.append(String.format("| entities whose row was updated in the window | %,d |%n", rewritten));
            md.append(String.format("| one explicit re-read of the location (POST /refresh) | %.1f s, %,d events |%n",
                    oneRead, eventsAfterRefresh));
            md.append(String.format("%nCPU during the window: %s%n", end.since(cpu)));
            System.out.print(md);
            report.append(md);
            writeReport(true);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Fresh state, report, helpers
    // ----------------------------------------------------------------------------------------------------------

    /**
     * Empties the running stack's catalog schema, registered locations included (so nothing is re-read meanwhile),
     * and moves the catalog version on, so cached counts cannot survive. The static demo location comes back when
     * the catalog-service next starts.
     */
    private void clearCatalog() throws SQLException {
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            long before = countOf(sql, "SELECT count(*) FROM " + SCHEMA + ".entities");
            String tables = String.join(", ", List.of("entities", "relations", "entity_parents", "outbox",
                    "stitch_queue", "locations").stream().map(t -> SCHEMA + "." + t).toList());
            sql.execute("TRUNCATE " + tables + " CASCADE"); // CASCADE: location_files
            sql.execute("UPDATE " + SCHEMA + ".catalog_version SET version = version + 1");
            log("cleared the catalog (%,d entities before): TRUNCATE %s CASCADE", before, tables);
        }
    }

    private void report(List<Run> runs) throws IOException {
        report.append(String.format("Ingest from files, %s — %,d entities (seed %d) + %d Location entities; %d cores; "
                        + "load average at the end %s%n%n", now(), org.size(), org.seed(), LOCATION_ENTITIES,
                Runtime.getRuntime().availableProcessors(), Machine.loadAverage()));
        report.append("| layout | files (total, largest) | 201 Created after | all stored, stitched, published | "
                + "entities/s | target ≤ 60 s | relation rows | change events | peak catalog RSS | cores used |\n");
        report.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            report.append(String.format("| %s | %.1f MB, %.2f MB | %s | %s | %s | %s | %,d | %s | %.0f MiB | %s |%n",
                    run.files == 1 ? "one file" : String.format("%,d files of %,d", run.files, org.size() / run.files),
                    run.bytes / 1e6, run.largestFile / 1e6,
                    run.toAnswer < 0 ? "—" : String.format("%.1f s", run.toAnswer),
                    run.failure == null ? String.format("%.1f s", run.total) : "FAILED: " + run.failure,
                    run.failure == null ? String.format("%,.0f", run.stored / run.total) : "—",
                    run.failure == null && run.total <= 60 ? "yes" : "**no**", run.relations,
                    run.events < 0 ? "?" : String.format("%,d", run.events),
                    run.peakRssMiB, run.cpu));
            BenchmarkResults.record("ingest", String.format("%,d entities from %s: all stored, stitched, published",
                            org.size(), run.files == 1 ? "one file" : String.format("%,d files", run.files)),
                    run.failure == null ? String.format("%.1f s (%,.0f entities/s)", run.total, run.stored / run.total)
                            : "FAILED: " + run.failure, "≤ 60 s", run.failure == null && run.total <= 60);
        }
        System.out.println();
        System.out.print(report);
        writeReport(false);
    }

    private void writeReport(boolean append) throws IOException {
        if (options.out != null) {
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            Files.writeString(options.out, report.toString(), StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            log("written to %s", options.out);
        }
    }

    private static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z"));
    }

    private static long countOf(Statement sql, String query) throws SQLException {
        return Long.parseLong(stringOf(sql, query));
    }

    private static String stringOf(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + problem);
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Options
    // ----------------------------------------------------------------------------------------------------------

    record Options(String url, int entities, long seed, List<Integer> layouts, Path dir, Duration progress,
                   Duration timeout, Duration refreshCost, Duration warmUp, boolean clearOnly, String user,
                   Path pidFile, Path out) {

        static Options parse(String[] args) {
            Map<String, String> given = BenchmarkSupport.arguments(args, Set.of("clear"), USAGE);
            if (given == null) {
                return null;
            }
            String port = System.getenv().getOrDefault("PORTAL_CATALOG_PORT", "8081");
            List<Integer> layouts = new ArrayList<>();
            for (String files : given.getOrDefault("files", "1,1000").split(",")) {
                layouts.add(Integer.parseInt(files.trim()));
            }
            Options options = new Options(
                    given.getOrDefault("url", "http://127.0.0.1:" + port + "/api/catalog"),
                    Integer.parseInt(given.getOrDefault("entities", "100000")),
                    Long.parseLong(given.getOrDefault("seed", "42")),
                    layouts,
                    given.containsKey("dir") ? Path.of(given.get("dir")).toAbsolutePath() : null,
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("progress", "5"))),
                    Duration.ofMinutes(Long.parseLong(given.getOrDefault("timeout", "30"))),
                    given.containsKey("refresh-cost") ? Duration.ofSeconds(Long.parseLong(given.get("refresh-cost"))) : null,
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "15"))),
                    given.containsKey("clear"),
                    given.getOrDefault("user", "alice"),
                    Path.of(given.getOrDefault("pid-file", ".portal/run/catalog.pid")),
                    given.containsKey("out") ? Path.of(given.get("out")) : null);
            given.keySet().removeAll(Set.of("url", "entities", "seed", "files", "dir", "progress", "timeout",
                    "refresh-cost", "warmup", "clear", "user", "pid-file", "out"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
            }
            return options;
        }
    }

    private static final String USAGE = """
            usage: java -cp portal-benchmarks.jar dev.portal.benchmarks.IngestBenchmark [options]
                   (normally through benchmarks/run-ingest-benchmark.sh)
              --url URL             the catalog API (default http://127.0.0.1:$PORTAL_CATALOG_PORT/api/catalog)
              --entities N          size of the synthetic organisation (default 100000)
              --seed S              generator seed (default 42)
              --files LIST          layouts to ingest, as numbers of files, one run each (default 1,1000)
              --dir PATH            where to write the files (default a new /tmp/portal-ingest-bench-* folder);
                                    the catalog-service must be able to read it
              --progress SECONDS    progress line interval (default 5)
              --timeout MINUTES     give up on a layout after this long (default 30)
              --refresh-cost SECONDS  instead of ingesting: watch the refresh loop of what is loaded for this long
              --warmup SECONDS      before --refresh-cost's window (default 15)
              --clear               only empty the catalog schema (as every ingest run does first) and exit
              --user NAME           Keycloak user with portal-admin, password = name (default alice)
              --pid-file PATH       the catalog-service pid, for RSS and CPU (default .portal/run/catalog.pid)
              --out FILE            write the report (markdown) to FILE; --refresh-cost appends to it
            Every ingest run first TRUNCATEs the catalog schema of the running stack, registered locations included.""";
}

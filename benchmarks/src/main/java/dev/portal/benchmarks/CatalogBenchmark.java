package dev.portal.benchmarks;

import static dev.portal.benchmarks.BenchmarkSupport.log;
import static dev.portal.benchmarks.BenchmarkSupport.sleep;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.benchmarks.SyntheticOrganisation.Kind;
import dev.portal.benchmarks.SyntheticOrganisation.Ref;
import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.PortalStack;
import dev.portal.events.Json;

/**
 * The catalog benchmark (issue 3, design.md "Performance targets"): clears the catalog schema of the running stack,
 * seeds a synthetic organisation through {@code POST /api/catalog/admin/entities}, then measures the read API with
 * concurrent clients and prints the figures beside the targets and Backstage's reference figures.
 *
 * <p>Run it through {@code benchmarks/run-catalog-benchmark.sh}; {@code --help} lists the options.
 */
public final class CatalogBenchmark {

    /** The PostgreSQL schema the catalog-service owns (application.properties: currentSchema=catalog). */
    static final String SCHEMA = "catalog";

    private final Options options;
    private final SyntheticOrganisation org;
    private final CatalogClient client;
    private final long catalogPid;
    private final Map<String, String> figures = new LinkedHashMap<>(); // extra lines for the report
    private final List<Row> rows = new ArrayList<>();

    /** One line of the result table. */
    private record Row(String what, String measured, String target, String verdict, String backstage, String ratio) {
    }

    private CatalogBenchmark(Options options) {
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
        new CatalogBenchmark(options).run();
    }

    private void run() throws Exception {
        log("Catalog benchmark — %s, %,d entities (seed %d), %d clients, %ds warm-up + %ds per scenario",
                options.url, org.size(), org.seed(), options.clients, options.warmUp.toSeconds(),
                options.duration.toSeconds());
        log("machine: %d cores, %.1f GiB RAM, load average %s; catalog-service pid %d", Runtime.getRuntime()
                .availableProcessors(), totalMemoryGiB(), Machine.loadAverage(), catalogPid);
        for (Kind kind : Kind.values()) {
            figures.put("entities: " + kind.backstageKind, String.format("%,d", org.count(kind)));
        }
        if (options.seedFirst()) {
            clearCatalogSchema();
            seed();
            analyze();
        }
        verify();
        measure();
        report();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Fresh state and seeding
    // ----------------------------------------------------------------------------------------------------------

    /**
     * Empties the running stack's catalog schema (as the postgres superuser, who needs no password on the loopback
     * stack). The version counter moves on too, so the service's aggregate cache cannot serve pre-benchmark counts.
     * The registered locations stay, but what was read from their files is forgotten, so the next refresh reads them
     * again and brings their entities (the demo catalog) back.
     */
    static void clearCatalogSchema() throws SQLException {
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            long before = count(sql, "SELECT count(*) FROM " + SCHEMA + ".entities");
            String tables = SCHEMA + ".entities, " + SCHEMA + ".relations, " + SCHEMA + ".entity_parents";
            for (String optional : List.of("outbox", "stitch_queue", "location_files")) {
                if (exists(sql, SCHEMA + "." + optional)) { // tables of later migrations
                    tables += ", " + SCHEMA + "." + optional;
                }
            }
            sql.execute("TRUNCATE " + tables);
            if (exists(sql, SCHEMA + ".catalog_version")) {
                sql.execute("UPDATE " + SCHEMA + ".catalog_version SET version = version + 1");
            }
            log("cleared the catalog (%,d entities before): TRUNCATE %s", before, tables);
        }
    }

    private void seed() throws Exception {
        log("seeding %,d entities in batches of %,d …", org.size(), options.batch);
        List<Long> batchNanos = new ArrayList<>();
        long start = System.nanoTime();
        Machine.Cpu cpu = Machine.Cpu.now(catalogPid);
        for (int from = 0; from < org.size(); from += options.batch) {
            int to = Math.min(org.size(), from + options.batch);
            byte[] body = Json.toBytes(org.batch(from, to)); // generated before the clock starts for this batch
            long t0 = System.nanoTime();
            client.post("/admin/entities", body);
            batchNanos.add(System.nanoTime() - t0);
            if (batchNanos.size() % 10 == 0 || to == org.size()) {
                log("  %,7d / %,d  (last batch %.2f s, %s up to %s)", to, org.size(), (System.nanoTime() - t0) / 1e9,
                        org.refAt(from).kind().backstageKind, org.refAt(to - 1).kind().backstageKind);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double inPost = batchNanos.stream().mapToLong(Long::longValue).sum() / 1e9;
        log("seeded in %.1f s (%.1f s in the POSTs, the rest generating JSON): %,.0f entities/s; %s", seconds, inPost,
                org.size() / seconds, Machine.Cpu.now(catalogPid).since(cpu));
        long slowest = batchNanos.stream().mapToLong(Long::longValue).max().orElse(0);
        rows.add(new Row(String.format("ingest %,d entities (batches of %,d, one transaction each)", org.size(), options.batch),
                String.format("%.1f s, %,.0f entities/s (slowest batch %.2f s)", seconds, org.size() / seconds, slowest / 1e9),
                "≤ 60 s", seconds <= 60 ? "yes" : "NO", "—", "—"));
        figures.put("catalog-service RSS after seeding", String.format("%.0f MiB", Machine.memoryMiB(catalogPid, "VmRSS")));
        awaitOutboxDrained(start);
    }

    /**
     * After the commit the service still stitches the peers of what was written (the stitch queue) and publishes
     * every change to Kafka through its outbox; the reads are measured once both (and the CPU they take) are over,
     * and how long it took is reported.
     */
    private void awaitOutboxDrained(long seedStart) throws SQLException, InterruptedException {
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            if (!exists(sql, SCHEMA + ".outbox")) {
                return;
            }
            boolean queue = exists(sql, SCHEMA + ".stitch_queue");
            long t0 = System.nanoTime();
            long left;
            while ((left = count(sql, "SELECT count(*) FROM " + SCHEMA + ".outbox")
                    + (queue ? count(sql, "SELECT count(*) FROM " + SCHEMA + ".stitch_queue") : 0)) > 0
                    && System.nanoTime() - t0 < Duration.ofMinutes(15).toNanos()) {
                log("  %,d entities to stitch or change events to publish …", left);
                Thread.sleep(2_000);
            }
            String drained = String.format("%s %.0f s after seeding ended (%.0f s after it began)",
                    left == 0 ? "drained" : "NOT drained (" + left + " left)", (System.nanoTime() - t0) / 1e9,
                    (System.nanoTime() - seedStart) / 1e9);
            log("outbox %s", drained);
            figures.put("outbox to Kafka", drained);
        }
    }

    /**
     * VACUUM ANALYZE after the bulk load: autovacuum would do it within a minute anyway; doing it now makes the
     * planner statistics (and the plans measured) the same on every run.
     */
    private void analyze() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection db = DriverManager.getConnection(PortalStack.jdbcUrl("portal"), "postgres", "");
             Statement sql = db.createStatement()) {
            sql.execute("VACUUM (ANALYZE) " + SCHEMA + ".entities, " + SCHEMA + ".relations");
            try (ResultSet rs = sql.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('" + SCHEMA + ".entities')),"
                    + " pg_size_pretty(pg_total_relation_size('" + SCHEMA + ".relations')), (SELECT count(*) FROM "
                    + SCHEMA + ".relations)")) {
                rs.next();
                figures.put("table sizes (with indexes)", "entities " + rs.getString(1) + ", relations " + rs.getString(2)
                        + String.format(" (%,d relation rows)", rs.getLong(3)));
            }
        }
        log("VACUUM (ANALYZE) entities, relations: %.1f s; %s", (System.nanoTime() - t0) / 1e9,
                figures.get("table sizes (with indexes)"));
    }

    // ----------------------------------------------------------------------------------------------------------
    // Correctness first: a fast wrong answer is not a result
    // ----------------------------------------------------------------------------------------------------------

    private void verify() throws Exception {
        Ref someone = org.refAt(org.size() / 2);
        JsonNode entity = Json.tree(client.get(byName(someone)));
        check(someone.name().equals(entity.path("metadata").path("name").asText()), "by-name returned " + entity);
        try (HttpConnection http = client.connection()) { // the load's own client must read the same answers
            check(entity.equals(Json.tree(http.get(byName(someone)))), "the load client read another by-name answer");
            check(Json.tree(client.get(BY_QUERY_SERVICES)).equals(Json.tree(http.get(BY_QUERY_SERVICES))),
                    "the load client read another by-query answer");
        }

        JsonNode page = Json.tree(client.get(BY_QUERY_SERVICES));
        int services = org.componentsOfType("service");
        check(page.path("items").size() == 50, "by-query returned " + page.path("items").size() + " items");
        expect(page.path("totalItems").asLong(), services, "by-query totalItems");
        for (JsonNode item : page.path("items")) {
            check(item.path("kind").asText().equals("Component") && item.path("spec").path("type").asText()
                    .equals("service"), "by-query returned " + item.path("metadata").path("name"));
        }

        JsonNode facets = Json.tree(client.get(FACETS)).path("facets");
        long serviceFacet = 0;
        for (JsonNode value : facets.path("spec.type")) {
            serviceFacet += value.path("value").asText().equals("service") ? value.path("count").asLong() : 0;
        }
        expect(serviceFacet, services, "facet spec.type=service");
        check(facets.path("metadata.tags").size() > 10, "facet metadata.tags: " + facets.path("metadata.tags"));

        List<Ref> refs = randomRefs(new SplittableRandom(7), 100);
        JsonNode items = Json.tree(client.post("/entities/by-refs", byRefsBody(refs))).path("items");
        check(items.size() == 100, "by-refs returned " + items.size() + " items");
        for (int i = 0; i < refs.size(); i++) {
            check(refs.get(i).name().equals(items.get(i).path("metadata").path("name").asText()),
                    "by-refs item " + i + " is " + items.get(i).path("metadata").path("name") + ", expected " + refs.get(i));
        }
        log("verified: by-name, by-query (totalItems %,d), facets, by-refs answer correctly", services);
    }

    // ----------------------------------------------------------------------------------------------------------
    // The scenarios
    // ----------------------------------------------------------------------------------------------------------

    private static final String BY_QUERY_SERVICES = "/entities/by-query?filter="
            + CatalogClient.encode("kind=component,spec.type=service") + "&limit=50";
    private static final String FACETS = "/entity-facets?facet=spec.type&facet=metadata.tags";

    private void measure() throws Exception {
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong peakRssKiB = new AtomicLong();
        Thread sampler = new Thread(() -> { // RSS is sampled through the load, not only read at the end
            while (sampling.get()) {
                peakRssKiB.accumulateAndGet((long) (Machine.memoryMiB(catalogPid, "VmRSS") * 1024), Math::max);
                sleep(250);
            }
        }, "rss-sampler");
        sampler.start();

        if (options.runs("by-name")) {
            Load.Result byName = scenario("by-name", c -> {
                HttpConnection http = client.connection();
                return random -> http.get(byName(org.refAt(random.nextInt(org.size()))));
            });
            rows.add(latencyRow("GET /entities/by-name/{kind}/{ns}/{name} (random existing)", byName, 5, 35, 150));
        }

        if (options.runs("by-query")) {
            Load.Result byQuery = scenario("by-query", c -> {
                HttpConnection http = client.connection();
                return random -> http.get(BY_QUERY_SERVICES);
            });
            Row byQueryRow = latencyRow("GET /entities/by-query kind=component,spec.type=service, limit 50", byQuery, 25, 170, 280);
            rows.add(new Row(byQueryRow.what, byQueryRow.measured, byQueryRow.target, byQueryRow.verdict,
                    "p99 170–280 ms at 110–145 req/s", byQueryRow.ratio + "; throughput "
                    + ratioRange(byQuery.throughput() / 145, byQuery.throughput() / 110)));
        }

        if (options.runs("paging")) {
            walkAllComponents();
            ConcurrentLinkedQueue<Long> walks = new ConcurrentLinkedQueue<>();
            Load.Result paging = scenario("paging", c -> new Walker(walks));
            rows.add(new Row(String.format("by-query paging through all %,d components, limit %d (per page, %d clients)",
                    org.count(Kind.COMPONENT), options.pageSize, options.clients), latency(paging)
                    + String.format("; %d full walks completed, mean %.1f s", walks.size(),
                    walks.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e9), "—", "—", "—", "—"));
        }

        if (options.runs("facets")) {
            Load.Result facets = scenario("facets", c -> {
                HttpConnection http = client.connection();
                return random -> http.get(FACETS);
            });
            rows.add(latencyRow("GET /entity-facets facet=spec.type&facet=metadata.tags", facets, 50, -1, -1));
        }

        if (options.runs("by-refs")) {
            Load.Result byRefs = scenario("by-refs", c -> {
                HttpConnection http = client.connection();
                return random -> http.post("/entities/by-refs", byRefsBody(randomRefs(random, 100)));
            });
            rows.add(latencyRow("POST /entities/by-refs, 100 random refs", byRefs, -1, -1, -1));
        }

        sampling.set(false);
        sampler.join();
        double rss = Machine.memoryMiB(catalogPid, "VmRSS");
        double hwm = Machine.memoryMiB(catalogPid, "VmHWM");
        double peak = peakRssKiB.get() / 1024.0;
        rows.add(new Row("catalog-service RSS after the load (peak sampled during it; VmHWM since start)",
                String.format("%.0f MiB (peak %.0f MiB; VmHWM %.0f MiB)", rss, peak, hwm), "≤ 350 MB",
                Math.max(rss, peak) * 1.048576 <= 350 ? "yes" : "NO", "—", "—"));
    }

    private Load.Result scenario(String name, java.util.function.IntFunction<Load.Call> calls) throws InterruptedException {
        Machine.Cpu before = Machine.Cpu.now(catalogPid);
        Load.Result result = Load.run(name, options.clients, options.warmUp, options.duration, calls);
        String cpu = Machine.Cpu.now(catalogPid).since(before);
        log("%-9s %,7d requests  %8.1f req/s  p50 %s  p99 %s  max %s  errors %d  [%s]", name, result.requests(),
                result.throughput(), ms(result.percentileMillis(50)), ms(result.percentileMillis(99)),
                ms(result.maxMillis()), result.errors(), cpu);
        figures.put("CPU during " + name, cpu);
        if (result.errors() > 0) {
            log("  first error: %s", result.firstError());
        }
        return result;
    }

    /** One client pages through every component alone: the time a full walk takes, and that it sees each once. */
    private void walkAllComponents() throws Exception {
        long start = System.nanoTime();
        List<Long> pageNanos = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        int items = 0;
        String cursor = null;
        do {
            long t0 = System.nanoTime();
            JsonNode page = Json.tree(client.get(cursor == null ? firstComponentsPage() : nextPage(cursor)));
            pageNanos.add(System.nanoTime() - t0);
            for (JsonNode item : page.path("items")) {
                uids.add(item.path("metadata").path("uid").asText());
                items++;
            }
            cursor = page.path("pageInfo").path("nextCursor").asText(null);
        } while (cursor != null);
        double seconds = (System.nanoTime() - start) / 1e9;
        int components = org.count(Kind.COMPONENT);
        check(uids.size() == items, "paging returned " + (items - uids.size()) + " entities twice");
        expect(items, components, "paging through all components");
        Load.Result single = Load.Result.of("walk", pageNanos, 0, null, seconds);
        log("walk      one client paged all %,d components in %d pages of %d: %.2f s; per page p50 %s p99 %s",
                components, pageNanos.size(), options.pageSize, seconds, ms(single.percentileMillis(50)),
                ms(single.percentileMillis(99)));
        rows.add(new Row(String.format("by-query paging through all %,d components, limit %d (1 client alone)",
                components, options.pageSize), String.format("%.2f s for %d pages; per page p50 %s, p99 %s", seconds,
                pageNanos.size(), ms(single.percentileMillis(50)), ms(single.percentileMillis(99))), "—", "—", "—", "—"));
    }

    /** A client of the paging scenario: follows nextCursor to the end, then starts again. */
    private final class Walker implements Load.Call {
        private final ConcurrentLinkedQueue<Long> walks;
        private final HttpConnection http = client.connection();
        private String cursor;
        private long walkStart;

        Walker(ConcurrentLinkedQueue<Long> walks) {
            this.walks = walks;
        }

        @Override
        public void run(SplittableRandom random) throws Exception {
            if (cursor == null) {
                walkStart = System.nanoTime();
            }
            byte[] page = http.get(cursor == null ? firstComponentsPage() : nextPage(cursor));
            cursor = nextCursor(page);
            if (cursor == null) {
                walks.add(System.nanoTime() - walkStart);
            }
        }
    }

    private String firstComponentsPage() {
        return "/entities/by-query?filter=kind%3Dcomponent&limit=" + options.pageSize;
    }

    private String nextPage(String cursor) {
        return "/entities/by-query?cursor=" + CatalogClient.encode(cursor) + "&limit=" + options.pageSize;
    }

    /**
     * The page's nextCursor without parsing the whole page: pageInfo comes after the items, and a cursor is
     * URL-safe base64, so a search from the end is enough (and leaves the cores to the service).
     */
    static String nextCursor(byte[] page) {
        String text = new String(page, StandardCharsets.ISO_8859_1);
        int at = text.lastIndexOf("\"nextCursor\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + "\"nextCursor\":\"".length();
        return text.substring(from, text.indexOf('"', from));
    }

    private static String byName(Ref ref) {
        return "/entities/by-name/" + ref.kind().backstageKind + "/" + ref.namespace() + "/" + ref.name();
    }

    private List<Ref> randomRefs(SplittableRandom random, int n) {
        List<Ref> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(org.refAt(random.nextInt(org.size())));
        }
        return refs;
    }

    private static byte[] byRefsBody(List<Ref> refs) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode entityRefs = body.putArray("entityRefs");
        refs.forEach(r -> entityRefs.add(r.canonical()));
        return Json.toBytes(body);
    }

    // ----------------------------------------------------------------------------------------------------------
    // The report
    // ----------------------------------------------------------------------------------------------------------

    /** A row with p50/p99/throughput; target and Backstage's p99 range in ms, or -1 when there is none. */
    private Row latencyRow(String what, Load.Result r, double targetP99, double backstageLow, double backstageHigh) {
        double p99 = r.percentileMillis(99);
        boolean ok = r.errors() == 0 && p99 <= targetP99;
        return new Row(what, latency(r), targetP99 < 0 ? "—" : String.format("p99 ≤ %.0f ms", targetP99),
                targetP99 < 0 ? "—" : ok ? "yes" : "NO",
                backstageLow < 0 ? "—" : String.format("p99 %.0f–%.0f ms", backstageLow, backstageHigh),
                backstageLow < 0 ? "—" : "p99 " + ratioRange(backstageLow / p99, backstageHigh / p99));
    }

    private static String latency(Load.Result r) {
        return String.format("p50 %s, p99 %s, %,.0f req/s (%,d requests%s)", ms(r.percentileMillis(50)),
                ms(r.percentileMillis(99)), r.throughput(), r.requests(), r.errors() == 0 ? "" : ", " + r.errors() + " ERRORS");
    }

    private void report() throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Catalog benchmark, %s — %,d entities (seed %d), %d concurrent clients, %d s per scenario "
                        + "after %d s warm-up; %d cores, %.1f GiB RAM; load average at the end %s%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")), org.size(), org.seed(), options.clients,
                options.duration.toSeconds(), options.warmUp.toSeconds(), Runtime.getRuntime().availableProcessors(),
                totalMemoryGiB(), Machine.loadAverage()));
        // The ratio is how many times better Portal is: Backstage's p99 ÷ Portal's, Portal's throughput ÷ Backstage's.
        md.append("| measured | Portal | target | met | Backstage 4.0.5, 10,000 entities | Portal better by |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append("| ").append(String.join(" | ", row.what, row.measured, row.target, row.verdict, row.backstage,
                    row.ratio)).append(" |\n");
            BenchmarkResults.record("catalog", row.what, row.measured, row.target, BenchmarkSupport.met(row.verdict));
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

    private static String ms(double millis) {
        return fmt(millis) + " ms";
    }

    private static String fmt(double v) {
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : v < 100 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ratioRange(double low, double high) {
        return fmt(low) + "–" + fmt(high) + "×";
    }

    /**
     * The benchmark's own entities must all be there; more is tolerated with a warning, since the service may
     * ingest others meanwhile (e.g. from a registered location).
     */
    private static void expect(long actual, long expected, String what) {
        check(actual >= expected, what + ": " + actual + ", expected " + expected);
        if (actual > expected) {
            log("WARNING %s: %,d, of which %,d are not the benchmark's: something else writes to the catalog",
                    what, actual, actual - expected);
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException("wrong answer: " + problem);
        }
    }

    static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean exists(Statement sql, String table) throws SQLException {
        try (ResultSet rs = sql.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static double totalMemoryGiB() {
        try {
            String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0); // MemTotal:  24600000 kB
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // Options
    // ----------------------------------------------------------------------------------------------------------

    /** Command-line options, {@code --name value}. */
    record Options(String url, int entities, long seed, int batch, int clients, Duration warmUp, Duration duration,
                   int pageSize, String user, Path pidFile, boolean seedFirst, Path out, Set<String> scenarios) {

        static final List<String> SCENARIOS = List.of("by-name", "by-query", "paging", "facets", "by-refs");

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        static Options parse(String[] args) {
            Map<String, String> given = BenchmarkSupport.arguments(args, Set.of("no-seed"), USAGE);
            if (given == null) {
                return null;
            }
            String port = System.getenv().getOrDefault("PORTAL_CATALOG_PORT", "8081");
            Options options = new Options(
                    given.getOrDefault("url", "http://127.0.0.1:" + port + "/api/catalog"),
                    Integer.parseInt(given.getOrDefault("entities", "100000")),
                    Long.parseLong(given.getOrDefault("seed", "42")),
                    Integer.parseInt(given.getOrDefault("batch", "1000")),
                    Integer.parseInt(given.getOrDefault("clients", "16")),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "5"))),
                    Duration.ofSeconds(Long.parseLong(given.getOrDefault("duration", "30"))),
                    Integer.parseInt(given.getOrDefault("page-size", "100")),
                    given.getOrDefault("user", "alice"),
                    Path.of(given.getOrDefault("pid-file", ".portal/run/catalog.pid")),
                    !given.containsKey("no-seed"),
                    given.containsKey("out") ? Path.of(given.get("out")) : null,
                    Set.of(given.getOrDefault("scenarios", String.join(",", SCENARIOS)).split(",")));
            if (!SCENARIOS.containsAll(options.scenarios)) {
                throw new IllegalArgumentException("unknown scenarios in " + options.scenarios + ", expected some of "
                        + SCENARIOS + "\n" + USAGE);
            }
            given.keySet().removeAll(Set.of("url", "entities", "seed", "batch", "clients", "warmup", "duration",
                    "page-size", "user", "pid-file", "no-seed", "out", "scenarios"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
            }
            return options;
        }
    }

    private static final String USAGE = """
            usage: java -jar portal-benchmarks.jar [options]   (normally through benchmarks/run-catalog-benchmark.sh)
              --url URL          the catalog API (default http://127.0.0.1:$PORTAL_CATALOG_PORT/api/catalog, port 8081)
              --entities N       size of the synthetic organisation (default 100000)
              --seed S           generator seed (default 42)
              --batch N          entities per POST /admin/entities, one transaction each (default 1000, max 5000)
              --clients N        concurrent clients per scenario (default 16)
              --warmup SECONDS   unmeasured warm-up per scenario (default 5)
              --duration SECONDS measured time per scenario (default 30)
              --page-size N      limit of the paging scenario (default 100)
              --user NAME        Keycloak user with portal-admin, password = name (default alice)
              --pid-file PATH    the catalog-service pid, for RSS and CPU (default .portal/run/catalog.pid)
              --no-seed          measure what is loaded (same --entities and --seed) instead of clearing and seeding
              --out FILE         also write the report (markdown) to FILE
              --scenarios LIST   which scenarios to measure, comma-separated (default by-name,by-query,paging,facets,by-refs)
            The seed step TRUNCATEs the catalog schema's entities, relations and entity_parents of the running stack.""";
}

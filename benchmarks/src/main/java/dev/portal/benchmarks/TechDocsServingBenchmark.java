package dev.portal.benchmarks;

import static dev.portal.benchmarks.BenchmarkSupport.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.portal.devstack.BenchmarkResults;

/**
 * TechDocs serving (docs/benchmarks.md, "TechDocs"): {@code --clients} closed-loop clients request one served docs
 * page of the running stack's techdocs-service — its own process, started by {@code ./portal up} with the JVM options
 * operators get — each on its own keep-alive connection with a bearer token the service checks on every request. The
 * load comes from this separate JVM (raw-socket clients, {@link HttpConnection}), so the service's figures are not
 * mixed with a load generator's threads and collections in its own heap; the CPU split says who used the cores.
 */
public final class TechDocsServingBenchmark {

    private static final String USAGE = """
            TechDocsServingBenchmark — p50/p95/p99 of serving one docs page of the running techdocs-service
              --url URL          techdocs-service (default http://127.0.0.1:$PORTAL_TECHDOCS_PORT, port 8083)
              --page PATH        the page (default the demo catalog's payments-api-service home page)
              --clients N        concurrent clients (16)
              --seconds N        measured seconds (20), after --warmup N seconds (5)
              --pid-file FILE    the service's pid file, for its CPU and RSS (.portal/run/techdocs.pid)
              --out FILE         also write the report there
            """;

    public static void main(String[] args) throws Exception {
        Map<String, String> given = BenchmarkSupport.arguments(args, Set.of(), USAGE);
        if (given == null) {
            return;
        }
        String url = given.getOrDefault("url", "http://127.0.0.1:"
                + System.getenv().getOrDefault("PORTAL_TECHDOCS_PORT", "8083"));
        String page = given.getOrDefault("page", "/api/techdocs/static/docs/default/component/payments-api-service/");
        int clients = Integer.parseInt(given.getOrDefault("clients", "16"));
        Duration measured = Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "20")));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(given.getOrDefault("warmup", "5")));
        long pid = BenchmarkSupport.readPid(Path.of(given.getOrDefault("pid-file", ".portal/run/techdocs.pid")),
                "techdocs-service", "./portal up catalog techdocs");

        CatalogClient credentials = new CatalogClient(url, "alice");
        int size = awaitPage(url, page, credentials);
        log("TechDocs serving — %s%s (%,d bytes), %d clients, %ds warm-up + %ds; techdocs-service pid %d, load average %s",
                url, page, size, clients, warmUp.toSeconds(), measured.toSeconds(), pid, Machine.loadAverage());

        Machine.Cpu before = Machine.Cpu.now(pid);
        Load.Result result = Load.run("techdocs-page", clients, warmUp, measured, client -> {
            HttpConnection connection = new HttpConnection(url, credentials);
            return random -> connection.get(page);
        });
        String cpu = Machine.Cpu.now(pid).since(before).replace("catalog", "techdocs-service");
        double rss = Machine.memoryMiB(pid, "VmRSS");

        String report = String.format(Locale.ROOT, """
                # TechDocs serving benchmark

                machine: %d cores, load average at the end %s; techdocs-service pid %d, RSS %.0f MiB after the run

                serve one page (%s, %,d bytes), %d clients from a separate JVM, %d s after %d s of warm-up, HTTP/1.1
                keep-alive, bearer token checked per request: %,d requests, %.0f req/s, p50 %.2f ms, p95 %.2f ms,
                p99 %.2f ms, max %.2f ms, errors %d%s

                CPU during the measured window: %s
                """, Runtime.getRuntime().availableProcessors(), Machine.loadAverage(), pid, rss, page, size, clients,
                measured.toSeconds(), warmUp.toSeconds(), result.requests(), result.throughput(),
                result.percentileMillis(50), result.percentileMillis(95), result.percentileMillis(99),
                result.maxMillis(), result.errors(), result.firstError() == null ? "" : " (first: " + result.firstError() + ")",
                cpu);
        System.out.println(report);
        if (given.containsKey("out")) {
            Files.writeString(Path.of(given.get("out")), report);
        }
        double p99 = result.percentileMillis(99);
        BenchmarkResults.record("techdocs", String.format(Locale.ROOT, "serving one page, %d clients from another JVM: p99",
                clients), String.format(Locale.ROOT, "%.2f ms (p50 %.2f ms, %.0f req/s, %d errors)", p99,
                result.percentileMillis(50), result.throughput(), result.errors()), "p99 ≤ 10 ms",
                result.errors() == 0 && p99 <= 10);
    }

    /** Waits until the page is served (a fresh stack may still be building the demo docs); its size in bytes. */
    private static int awaitPage(String url, String page, CatalogClient credentials) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try (HttpConnection connection = new HttpConnection(url, credentials)) {
            while (true) {
                try {
                    return connection.get(page).length;
                } catch (CatalogClient.HttpError | java.io.IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(url + page + " is not served after 3 minutes: " + e.getMessage(), e);
                    }
                    log("waiting for %s to be served (%s)", page, e.getMessage());
                    BenchmarkSupport.sleep(2_000);
                }
            }
        }
    }
}

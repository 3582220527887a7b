package dev.portal.techdocs.bench;

import static io.restassured.RestAssured.given;

import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.portal.devstack.BenchmarkResults;
import dev.portal.devstack.KeycloakTokens;
import dev.portal.devstack.PortalStackResource;
import dev.portal.events.EntityRef;
import dev.portal.events.KafkaTopicsConfig;
import dev.portal.techdocs.Kafka;
import dev.portal.techdocs.build.DocsSource;
import dev.portal.techdocs.build.SiteBuilder;
import dev.portal.techdocs.config.TechDocsConfig;
import dev.portal.techdocs.TestDocs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The TechDocs benchmark (docs/benchmarks.md, "TechDocs"), run by benchmarks/run-techdocs-benchmark.sh — not part of
 * the test suite (its name does not end in Test) and it asserts nothing about time. Against the real PostgreSQL and
 * Kafka, in the service itself (its HTTP server on a random port):
 * <ol>
 *   <li>build of a generated docs set of {@code techdocs.bench.pages} pages (default 1,000): the builder alone, then
 *       the whole entity-change → fetched, built, stored and published path;</li>
 *   <li>change-to-served: one page edited, sync requested, until the new text is served.</li>
 * </ol>
 * Report: stdout and {@code target/techdocs-benchmark.md}. Serving is measured from outside the service's JVM, by
 * {@code dev.portal.benchmarks.TechDocsServingBenchmark} (the same script runs it next).
 */
@QuarkusTest
@WithTestResource(value = PortalStackResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, initArgs = {
        @ResourceArg(name = "components", value = "postgres,kafka,keycloak"),
        @ResourceArg(name = "database-user", value = "techdocs") })
class TechDocsBenchmark {

    @Inject
    KafkaTopicsConfig topics;

    @Inject
    TechDocsConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void run() throws Exception {
        int pages = Integer.getInteger("techdocs.bench.pages", 1000);
        StringBuilder report = new StringBuilder();
        report.append("# TechDocs benchmark\n\n").append("machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(", Java ")
                .append(System.getProperty("java.version")).append("\n\n");

        Path dir = Files.createTempDirectory("techdocs-bench");
        long bytes = generate(dir, pages);
        report.append(String.format(Locale.ROOT, "docs set: %d pages, %.1f MB of Markdown (%s)%n%n", pages, bytes / 1e6, dir));

        // 1a. The builder alone (fetch from disk + render + sanitise + link check), warm JVM: best of 3.
        SiteBuilder builder = new SiteBuilder(config);
        DocsSource source = TestDocs.read(dir);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            builder.build(EntityRef.parse("component:default/bench"), source);
            best = Math.min(best, System.nanoTime() - start);
        }
        report.append(String.format(Locale.ROOT, "build (builder only, best of 3): %.2f s (%.2f ms/page)%n",
                best / 1e9, best / 1e6 / pages));

        // 1b. The whole path: entity change event → fetched, built, stored in PostgreSQL, event in the outbox.
        String token = KeycloakTokens.accessToken("alice");
        long start = System.nanoTime();
        Kafka.publishChanged(bootstrap, topics.entityChanges(), Kafka.entity("Component", "bench", "group:default/platform-team",
                "dir:.", "file:" + dir.resolve("catalog-info.yaml"), 1));
        Kafka.await("the benchmark site", () -> "built".equals(given().auth().oauth2(token)
                .get("/api/techdocs/entity/default/component/bench/docs").path("status")));
        long endToEnd = System.nanoTime() - start;
        report.append(String.format(Locale.ROOT, "build (event → fetched, built, stored, served; %d pages): %.2f s%n%n",
                pages, endToEnd / 1e9));
        BenchmarkResults.record("techdocs", String.format("%d pages: event → built, stored, served", pages),
                String.format(Locale.ROOT, "%.2f s", endToEnd / 1e9), "≤ 10 s", endToEnd / 1e9 <= 10);

        // 2. Change to served: edit one page, ask for a sync, poll the page until the new text is there.
        Path edited = dir.resolve("docs/section-2/page-0042.md");
        List<Long> changeTimes = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String marker = "edited-marker-" + round + "-" + System.nanoTime();
            Files.writeString(edited, "# Page 42\n\nThis page was just edited: " + marker + "\n");
            long t = System.nanoTime();
            given().auth().oauth2(token).post("/api/techdocs/sync/default/component/bench").then().statusCode(200);
            Kafka.await("the edit to be served", () -> new String(given().auth().oauth2(token)
                    .get("/api/techdocs/static/docs/default/component/bench/section-2/page-0042/").asByteArray(),
                    StandardCharsets.UTF_8).contains(marker));
            changeTimes.add(System.nanoTime() - t);
        }
        Collections.sort(changeTimes);
        BenchmarkResults.record("techdocs", "one page edited → served (median of 3)",
                String.format(Locale.ROOT, "%.2f s", changeTimes.get(1) / 1e9), "—", null);
        report.append(String.format(Locale.ROOT,
                "change to served (one page edited, POST /sync, until served; %d-page site rebuilt whole): median %.2f s "
                        + "(runs: %s)%n", pages, changeTimes.get(1) / 1e9,
                changeTimes.stream().map(n -> String.format(Locale.ROOT, "%.2f s", n / 1e9)).toList()));
        report.append("without a sync request the periodic check (portal.techdocs.refresh-interval, default PT1M) finds the"
                + " edit; an entity change event rebuilds at once\n");

        System.out.println("\n" + report);
        Path out = Path.of("target/techdocs-benchmark.md");
        Files.writeString(out, report.toString());
    }

    /** A docs set: mkdocs.yml with nested nav, {@code pages} pages in 10 sections, each with typical Markdown. */
    static long generate(Path dir, int pages) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        StringBuilder nav = new StringBuilder("site_name: Benchmark docs\nsite_description: Generated.\nnav:\n  - Home: index.md\n");
        long bytes = 0;
        int sections = 10;
        for (int s = 0; s < sections; s++) {
            Files.createDirectories(dir.resolve("docs/section-" + s));
        }
        String index = "# Benchmark docs\n\nStart at [the first page](section-0/page-0000.md).\n";
        Files.writeString(dir.resolve("docs/index.md"), index);
        List<StringBuilder> sectionNav = new ArrayList<>();
        for (int s = 0; s < sections; s++) {
            sectionNav.add(new StringBuilder());
        }
        for (int i = 0; i < pages - 1; i++) {
            int s = i % sections;
            String file = String.format(Locale.ROOT, "section-%d/page-%04d.md", s, i);
            sectionNav.get(s).append("      - Page ").append(i).append(": ").append(file).append('\n');
            String next = String.format(Locale.ROOT, "../section-%d/page-%04d.md", (i + 1) % sections, i + 1);
            String md = "# Page " + i + "\n\n"
                    + "Intro paragraph with **bold**, _italic_, `code` and a [link to the next page](" + next + ").\n\n"
                    + "## Configuration\n\n| Key | Default | Meaning |\n|-----|--------:|---------|\n"
                    + "| timeout | 30s | How long to wait |\n| retries | 3 | How often to retry |\n| mode | fast | Which mode |\n\n"
                    + "```java\nclass Page" + i + " {\n    int value() { return " + i + "; }\n}\n```\n\n"
                    + "!!! note \"Remember\"\n    Pages are generated; this one is number " + i + ".\n\n"
                    + "## Checklist\n\n- [x] written\n- [ ] reviewed\n\n"
                    + "## Details\n\n" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. ".repeat(12)
                    + "\n\nA footnote[^1].\n\n[^1]: Generated for the benchmark.\n";
            Files.writeString(dir.resolve("docs/" + file), md);
            bytes += md.length();
        }
        for (int s = 0; s < sections; s++) {
            nav.append("  - Section ").append(s).append(":\n");
            nav.append(sectionNav.get(s).length() == 0 ? "      - index.md\n" : sectionNav.get(s));
        }
        Files.writeString(dir.resolve("mkdocs.yml"), nav.toString());
        return bytes + index.length();
    }
}

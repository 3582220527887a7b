package dev.portal.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import dev.portal.benchmarks.SyntheticOrganisation.Kind;
import dev.portal.benchmarks.SyntheticOrganisation.Ref;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsPage;

/**
 * Deterministic TechDocs sites for the components of a {@link SyntheticOrganisation}: {@code sites} sites of
 * {@code pagesPerSite} pages each, spread evenly over the components, as the {@code dev.portal.techdocs.built.v1}
 * payloads techdocs-service would publish. Every page is a pure function of (seed, site, page): a site can be generated
 * when it is sent, nothing is kept.
 *
 * <p>Page text is 120 to 320 words of engineering prose built from a fixed vocabulary plus the component's own name
 * and area, so term queries drawn from {@link #VOCABULARY} (and from entity names) hit both catalog entities and pages.
 */
final class SyntheticDocs {

    /** Common words of engineering documentation; the query scenario draws its terms from these too. */
    static final List<String> VOCABULARY = List.of("deploy", "deployment", "latency", "throughput", "retry", "timeout",
            "endpoint", "configuration", "alert", "dashboard", "schema", "migration", "authentication", "authorisation",
            "cache", "rollback", "release", "incident", "runbook", "pipeline", "database", "queue", "consumer", "producer",
            "partition", "replica", "backup", "restore", "metrics", "tracing", "logging", "feature", "flag", "canary",
            "kubernetes", "helm", "terraform", "secret", "certificate", "token", "rate", "limit", "quota", "webhook",
            "batch", "stream", "index", "query", "error", "budget", "slo", "oncall", "escalation", "capacity", "scaling",
            "java", "kotlin", "go", "python", "typescript", "react", "grpc", "kafka", "postgres", "redis", "graphql");

    private static final String[] PAGE_PATHS = {"", "getting-started/", "architecture/", "api/", "runbook/",
            "deployment/", "configuration/", "monitoring/", "faq/", "changelog/"};
    private static final String[] PAGE_TITLES = {"Overview", "Getting started", "Architecture", "API", "Runbook",
            "Deployment", "Configuration", "Monitoring", "FAQ", "Changelog"};
    private static final String[] HEADINGS = {"Prerequisites", "Local development", "Running the tests", "Design",
            "Data model", "Dependencies", "Failure modes", "Alerts", "Dashboards", "Scaling", "Security",
            "Troubleshooting", "Known issues", "Release process", "Rollback", "Contacts"};
    private static final String[] VERBS = {"handles", "stores", "publishes", "reads", "validates", "retries", "caches",
            "exposes", "schedules", "reports", "migrates", "indexes"};
    private static final String[] GLUE = {"the", "a", "each", "every", "when", "if", "then", "before", "after", "with",
            "without", "for", "per", "and", "or", "on", "in", "from", "to", "its"};

    private final SyntheticOrganisation org;
    private final int sites;
    private final int pagesPerSite;
    private final int firstComponent; // global index of the first component (components are emitted last)

    SyntheticDocs(SyntheticOrganisation org, int pages, int pagesPerSite) {
        this.org = org;
        this.pagesPerSite = pagesPerSite;
        this.sites = (pages + pagesPerSite - 1) / pagesPerSite;
        this.firstComponent = org.size() - org.count(Kind.COMPONENT);
        if (sites > org.count(Kind.COMPONENT)) {
            throw new IllegalArgumentException(String.format("%,d docs sites need as many components; the organisation "
                    + "has %,d (more --entities, or more --pages-per-site)", sites, org.count(Kind.COMPONENT)));
        }
    }

    int sites() {
        return sites;
    }

    int pages() {
        return sites * pagesPerSite;
    }

    /** The component whose docs site number {@code site} is: sites are spread evenly over the components. */
    Ref owner(int site) {
        return org.refAt(firstComponent + (int) ((long) site * org.count(Kind.COMPONENT) / sites));
    }

    /** The payload of site {@code site}, built at {@code builtAt}. */
    TechDocsBuilt site(int site, Instant builtAt) {
        Ref ref = owner(site);
        String name = ref.name();
        String area = name.substring(0, name.indexOf('-'));
        List<TechDocsPage> pages = new ArrayList<>(pagesPerSite);
        for (int p = 0; p < pagesPerSite; p++) {
            SplittableRandom rng = new SplittableRandom(org.seed() * 1_000_003L + (long) site * 131 + p);
            String path = p < PAGE_PATHS.length ? PAGE_PATHS[p] : "guides/guide-" + p + "/";
            String title = (p < PAGE_TITLES.length ? PAGE_TITLES[p] : "Guide " + p) + " — " + name;
            Set<String> headings = new LinkedHashSet<>();
            for (int h = 2 + rng.nextInt(4); h > 0; h--) {
                headings.add(HEADINGS[rng.nextInt(HEADINGS.length)]);
            }
            pages.add(new TechDocsPage(path, title, List.copyOf(headings), text(rng, name, area, headings)));
        }
        return new TechDocsBuilt(ref.canonical(), name, "Documentation of " + name + ", part of " + area + ".",
                builtAt, "etag-" + org.seed() + "-" + site, pages, List.of());
    }

    private static String text(SplittableRandom rng, String name, String area, Set<String> headings) {
        StringBuilder text = new StringBuilder(2400);
        int words = 120 + rng.nextInt(201);
        List<String> sections = new ArrayList<>(headings);
        int written = 0;
        int section = 0;
        while (written < words) {
            if (written == 0 || rng.nextInt(40) == 0) { // a heading's text starts a paragraph
                text.append(sections.get(section++ % sections.size())).append(". ");
            }
            // "The payments-service-12 handles kafka retry for each checkout timeout."
            text.append(rng.nextInt(3) == 0 ? "The " + name : "The " + area + " " + pick(rng, VOCABULARY));
            text.append(' ').append(VERBS[rng.nextInt(VERBS.length)]);
            int clause = 4 + rng.nextInt(8);
            for (int w = 0; w < clause; w++) {
                text.append(' ').append(rng.nextInt(3) == 0 ? GLUE[rng.nextInt(GLUE.length)] : pick(rng, VOCABULARY));
            }
            text.append(". ");
            written += clause + 3;
        }
        return text.toString().trim();
    }

    private static String pick(SplittableRandom rng, List<String> words) {
        return words.get(rng.nextInt(words.size()));
    }
}

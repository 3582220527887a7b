package dev.portal.techdocs.upload;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.events.Json;
import dev.portal.events.payload.TechDocsBuilt.BrokenLink;
import dev.portal.techdocs.build.BuiltPage;
import dev.portal.techdocs.build.BuiltSite;
import dev.portal.techdocs.build.HtmlSanitizer;
import dev.portal.techdocs.build.HtmlText;
import dev.portal.techdocs.build.LinkRewriter;
import dev.portal.techdocs.build.LinkTarget;
import dev.portal.techdocs.build.NavItem;
import dev.portal.techdocs.build.SiteBuilder;
import dev.portal.techdocs.build.TocEntry;

/**
 * Turns an uploaded MkDocs {@code site/} directory (the "external" strategy: CI builds, the portal serves) into a
 * site like a local build: every {@code <dir>/index.html} becomes a page whose content ({@code <article>} of the
 * Material theme, else {@code <body>}) is sanitised by the same policy and has its relative links rewritten; other
 * files are served as they are, except scripts (never served, as Backstage removes them) and MkDocs's own
 * search index and sitemaps, which are regenerated. Site name and description come from the archive's
 * {@code techdocs_metadata.json} when present.
 */
@ApplicationScoped
public class SiteImporter {

    private static final Pattern ARTICLE = Pattern.compile("(?is)<article[^>]*>(.*)</article>");
    private static final Pattern BODY = Pattern.compile("(?is)<body[^>]*>(.*)</body>");
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final SiteBuilder builder;

    public SiteImporter(SiteBuilder builder) {
        this.builder = builder;
    }

    public BuiltSite importSite(EntityRef entity, Map<String, byte[]> archive, int maxPageBytes) {
        Map<String, byte[]> files = TarGzArchive.stripCommonDirectory(archive);
        if (!files.containsKey("index.html") && files.keySet().stream().anyMatch(p -> p.startsWith("site/"))) {
            Map<String, byte[]> inner = new LinkedHashMap<>();
            files.forEach((path, bytes) -> {
                if (path.startsWith("site/")) {
                    inner.put(path.substring(5), bytes);
                }
            });
            files = inner;
        }
        Map<String, byte[]> htmlPages = new TreeMap<>();
        Map<String, byte[]> assets = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.equals("index.html") || lower.endsWith("/index.html")) {
                if (file.getValue().length > maxPageBytes) {
                    throw new TooLargeException("Page " + path + " is larger than the page limit of " + maxPageBytes + " bytes");
                }
                htmlPages.put(path.substring(0, path.length() - "index.html".length()), file.getValue());
            } else if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".html") || lower.endsWith(".htm")
                    || lower.equals("search/search_index.json") || lower.startsWith("sitemap.xml")
                    || lower.equals("techdocs_metadata.json")) {
                continue; // scripts and stray HTML are never served; index and metadata are regenerated
            } else {
                assets.put(path, file.getValue());
            }
        }
        if (htmlPages.isEmpty()) {
            throw new ArchiveException("The archive holds no index.html: upload the site/ directory MkDocs built");
        }
        LinkTarget target = new LinkTarget() {
            @Override
            public Optional<String> page(String path) {
                String candidate = path.endsWith("index.html") ? path.substring(0, path.length() - "index.html".length()) : path;
                if (!candidate.isEmpty() && !candidate.endsWith("/")) {
                    candidate = candidate + "/";
                }
                return htmlPages.containsKey(candidate) ? Optional.of(candidate) : Optional.empty();
            }

            @Override
            public boolean asset(String path) {
                return assets.containsKey(path);
            }
        };
        List<BuiltPage> pages = new ArrayList<>();
        List<BrokenLink> broken = new ArrayList<>();
        for (Map.Entry<String, byte[]> page : htmlPages.entrySet()) {
            String document = new String(page.getValue(), StandardCharsets.UTF_8);
            Matcher article = ARTICLE.matcher(document);
            Matcher body = BODY.matcher(document);
            String content = article.find() ? article.group(1) : body.find() ? body.group(1) : document;
            LinkRewriter rewriter = new LinkRewriter(page.getKey(), page.getKey(), target, entity, builder.pageBase(),
                    builder.assetBase());
            String html = HtmlSanitizer.sanitize(content, rewriter);
            List<TocEntry> toc = HtmlText.headings(html);
            String title = toc.stream().filter(t -> t.level() == 1).map(TocEntry::title).findFirst()
                    .orElseGet(() -> titleOf(document, page.getKey()));
            pages.add(new BuiltPage(page.getKey(), title, html, toc, HtmlText.plain(html)));
            broken.addAll(rewriter.brokenLinks());
        }
        pages.sort(Comparator.comparing(BuiltPage::path));
        String siteName = entity.name();
        String description = null;
        byte[] metadata = files.get("techdocs_metadata.json");
        if (metadata != null) {
            try {
                JsonNode json = Json.tree(metadata);
                siteName = json.path("site_name").asText(siteName);
                description = json.path("site_description").isTextual() ? json.path("site_description").asText() : null;
            } catch (RuntimeException e) {
                // a malformed metadata file: keep the defaults
            }
        }
        List<NavItem> nav = new ArrayList<>();
        for (BuiltPage page : pages) {
            nav.add(NavItem.page(page.title(), page.path()));
        }
        return new BuiltSite(siteName, description, hash(files), Instant.now().truncatedTo(ChronoUnit.MILLIS), nav,
                pages, assets, broken);
    }

    private static String titleOf(String document, String path) {
        Matcher title = TITLE.matcher(document);
        if (title.find()) {
            String text = HtmlText.plain(title.group(1));
            int dash = text.lastIndexOf(" - ");
            return dash > 0 ? text.substring(0, dash) : text;
        }
        return path.isEmpty() ? "Home" : path;
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((path, bytes) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

package dev.portal.techdocs.build;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.portal.events.EntityRef;
import dev.portal.events.payload.TechDocsBuilt.BrokenLink;
import dev.portal.techdocs.config.TechDocsConfig;

/**
 * Builds a site from a docs source in the JVM: reads {@code mkdocs.yml}, renders every Markdown page of
 * {@code docs_dir} (in parallel), rewrites relative links and images to their served paths, sanitises each page and
 * collects broken links; files that are not Markdown are served as they are (images, downloads).
 */
@ApplicationScoped
public class SiteBuilder {

    private final String pageBase;
    private final String assetBase;
    private final int maxPageBytes;

    @Inject
    public SiteBuilder(TechDocsConfig config) {
        this(config.links().pageBase(), config.links().assetBase(), config.limits().maxPageBytes());
    }

    public SiteBuilder(String pageBase, String assetBase, int maxPageBytes) {
        this.pageBase = pageBase;
        this.assetBase = assetBase;
        this.maxPageBytes = maxPageBytes;
    }

    public String pageBase() {
        return pageBase;
    }

    public String assetBase() {
        return assetBase;
    }

    public BuiltSite build(EntityRef entity, DocsSource source) {
        return build(entity, source, message -> { });
    }

    /** Builds the site; {@code log} receives progress lines. */
    public BuiltSite build(EntityRef entity, DocsSource source, Consumer<String> log) {
        byte[] yaml = source.files().get("mkdocs.yml");
        if (yaml == null) {
            yaml = source.files().get("mkdocs.yaml");
        }
        if (yaml == null) {
            throw new BuildException("No mkdocs.yml found in the docs source (looked for mkdocs.yml next to the docs)");
        }
        MkDocsConfig config = MkDocsConfig.parse(text(yaml, "mkdocs.yml"));
        String docsDir = SitePaths.normalise(config.docsDir().endsWith("/") ? config.docsDir() : config.docsDir() + "/");
        if (docsDir == null || docsDir.isEmpty()) {
            throw new BuildException("mkdocs.yml: docs_dir '" + config.docsDir() + "' must be a directory inside the docs source");
        }
        Map<String, byte[]> markdown = new TreeMap<>();
        Map<String, byte[]> assets = new TreeMap<>();
        for (Map.Entry<String, byte[]> file : source.files().entrySet()) {
            if (!file.getKey().startsWith(docsDir)) {
                continue;
            }
            String path = file.getKey().substring(docsDir.length());
            if (SitePaths.isMarkdown(path)) {
                if (file.getValue().length > maxPageBytes) {
                    throw new BuildException(path + " is larger than the page limit of " + maxPageBytes + " bytes");
                }
                markdown.put(path.toLowerCase(Locale.ROOT).endsWith(".markdown")
                        ? path.substring(0, path.length() - ".markdown".length()) + ".md" : path, file.getValue());
            } else {
                assets.put(path, file.getValue());
            }
        }
        if (markdown.isEmpty()) {
            throw new BuildException("No Markdown pages found in docs_dir '" + config.docsDir() + "'");
        }
        log.accept("Building " + markdown.size() + " pages and " + assets.size() + " files of '" + config.siteName() + "'");
        Map<String, String> pagePaths = new LinkedHashMap<>();
        markdown.keySet().forEach(file -> pagePaths.put(file, SitePaths.pagePath(file)));
        Set<String> servedPages = new LinkedHashSet<>(pagePaths.values());
        LinkTarget target = new LinkTarget() {
            @Override
            public Optional<String> page(String path) {
                if (pagePaths.containsKey(path)) {
                    return Optional.of(pagePaths.get(path));
                }
                if (path.isEmpty() || path.endsWith("/")) {
                    if (pagePaths.containsKey(path + "index.md")) {
                        return Optional.of(pagePaths.get(path + "index.md"));
                    }
                    if (path.endsWith("/") && pagePaths.containsKey(path.substring(0, path.length() - 1) + ".md")) {
                        return Optional.of(path);
                    }
                    return servedPages.contains(path) ? Optional.of(path) : Optional.empty();
                }
                return Optional.empty();
            }

            @Override
            public boolean asset(String path) {
                return assets.containsKey(path);
            }
        };

        List<Map.Entry<String, byte[]>> files = new ArrayList<>(markdown.entrySet());
        List<PageResult> results = files.parallelStream().map(file -> {
            String path = file.getKey();
            MarkdownRenderer.Rendered rendered = MarkdownRenderer.render(text(file.getValue(), path));
            LinkRewriter rewriter = new LinkRewriter(path, SitePaths.directoryOf(path), target, entity, pageBase, assetBase);
            String html = HtmlSanitizer.sanitize(rendered.html(), rewriter);
            return new PageResult(path, rendered, html, rewriter.brokenLinks());
        }).toList();

        Map<String, BuiltPage> pagesByFile = new LinkedHashMap<>();
        List<BrokenLink> broken = new ArrayList<>();
        for (PageResult result : results) {
            String title = result.rendered().title() != null ? result.rendered().title() : titleFromFile(result.file());
            pagesByFile.put(result.file(), new BuiltPage(pagePaths.get(result.file()), title, result.html(),
                    result.rendered().toc(), HtmlText.plain(result.html())));
            broken.addAll(result.broken());
        }
        List<NavItem> nav = config.nav() != null ? navFrom(config.nav(), pagePaths, pagesByFile, broken)
                : derivedNav(pagesByFile);
        List<BuiltPage> pages = new ArrayList<>(pagesByFile.values());
        pages.sort(Comparator.comparing(BuiltPage::path));
        log.accept("Rendered " + pages.size() + " pages; " + broken.size() + " broken links");
        return new BuiltSite(config.siteName(), config.siteDescription(), source.hash(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), nav, pages, assets, broken);
    }

    private record PageResult(String file, MarkdownRenderer.Rendered rendered, String html, List<BrokenLink> broken) {
    }

    private List<NavItem> navFrom(List<MkDocsConfig.Entry> entries, Map<String, String> pagePaths,
                                  Map<String, BuiltPage> pages, List<BrokenLink> broken) {
        List<NavItem> items = new ArrayList<>();
        for (MkDocsConfig.Entry entry : entries) {
            if (entry.file() == null) {
                items.add(NavItem.section(entry.title(), navFrom(entry.children(), pagePaths, pages, broken)));
                continue;
            }
            String file = entry.file().trim();
            if (file.matches("(?i)^https?://.*")) {
                continue; // external links in the nav are not pages of the site
            }
            String normalised = SitePaths.normalise(file);
            if (normalised != null && normalised.toLowerCase(Locale.ROOT).endsWith(".markdown")) {
                normalised = normalised.substring(0, normalised.length() - ".markdown".length()) + ".md";
            }
            BuiltPage page = normalised == null ? null : pages.get(normalised);
            if (page == null) {
                broken.add(new BrokenLink("mkdocs.yml", file, LinkRewriter.LINK));
                continue;
            }
            items.add(NavItem.page(entry.title() != null ? entry.title() : page.title(), page.path()));
        }
        return items;
    }

    /** Without {@code nav}: the pages in file order, {@code index.md} first, each directory a section (as MkDocs does). */
    static List<NavItem> derivedNav(Map<String, BuiltPage> pagesByFile) {
        return derived("", new ArrayList<>(pagesByFile.keySet()), pagesByFile);
    }

    private static List<NavItem> derived(String dir, List<String> files, Map<String, BuiltPage> pages) {
        List<NavItem> items = new ArrayList<>();
        List<String> here = new ArrayList<>();
        Map<String, List<String>> subdirs = new TreeMap<>();
        for (String file : files) {
            String rest = file.substring(dir.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                here.add(file);
            } else {
                subdirs.computeIfAbsent(rest.substring(0, slash), k -> new ArrayList<>()).add(file);
            }
        }
        here.sort(Comparator.comparing((String f) -> !isIndex(f.substring(dir.length()))).thenComparing(f -> f));
        for (String file : here) {
            BuiltPage page = pages.get(file);
            items.add(NavItem.page(page.title(), page.path()));
        }
        for (Map.Entry<String, List<String>> sub : subdirs.entrySet()) {
            items.add(NavItem.section(titleFromName(sub.getKey()), derived(dir + sub.getKey() + "/", sub.getValue(), pages)));
        }
        return items;
    }

    private static boolean isIndex(String name) {
        return name.equals("index.md") || name.equals("README.md");
    }

    static String titleFromFile(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        name = name.substring(0, name.length() - 3);
        if (name.equals("index") || name.equals("README")) {
            String dir = SitePaths.directoryOf(file);
            if (dir.isEmpty()) {
                return "Home";
            }
            String trimmed = dir.substring(0, dir.length() - 1);
            name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }
        return titleFromName(name);
    }

    static String titleFromName(String name) {
        String spaced = name.replace('-', ' ').replace('_', ' ').trim();
        return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static String text(byte[] bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BuildException(file + " is not UTF-8 text");
        }
    }
}

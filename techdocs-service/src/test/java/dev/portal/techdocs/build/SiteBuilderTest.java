package dev.portal.techdocs.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.portal.events.EntityRef;
import dev.portal.events.payload.TechDocsBuilt.BrokenLink;
import dev.portal.techdocs.TestDocs;

/** Building docs sets of src/test/resources/docs: every Markdown feature, nav with and without nav:, broken links. */
class SiteBuilderTest {

    static final EntityRef ENTITY = EntityRef.parse("component:default/feature-tour");
    static final SiteBuilder BUILDER = new SiteBuilder("/docs", "/api/techdocs/static/docs", 1_000_000);

    static BuiltPage page(BuiltSite site, String path) {
        return site.pages().stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void readsSiteNameDescriptionAndIgnoresThemeAndPluginKeysIncludingPythonTags() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("features"));
        assertEquals("Feature Tour", site.siteName());
        assertEquals("Every Markdown feature techdocs-core users write.", site.siteDescription());
        assertEquals(TestDocs.source("features").hash(), site.etag());
    }

    @Test
    void rendersGithubTablesWithAlignment() {
        String html = page(BUILDER.build(ENTITY, TestDocs.source("features")), "").html();
        assertTrue(html.contains("<table"), html);
        assertTrue(html.contains("<th align=\"left\">Name</th>"), html);
        assertTrue(html.contains("<td align=\"right\">1</td>"), html);
    }

    @Test
    void rendersFencedCodeWithLanguageClass() {
        String html = page(BUILDER.build(ENTITY, TestDocs.source("features")), "").html();
        assertTrue(html.contains("<pre><code class=\"language-java\">class Hello { }"), html);
    }

    @Test
    void givesHeadingsAnchorsAndEveryPageATableOfContents() {
        BuiltPage home = page(BUILDER.build(ENTITY, TestDocs.source("features")), "");
        assertTrue(home.html().contains("<h2 id=\"tables\">"), home.html());
        assertTrue(home.toc().contains(new TocEntry(2, "tables", "Tables")), home.toc().toString());
        assertTrue(home.toc().contains(new TocEntry(2, "admonitions", "Admonitions")), home.toc().toString());
        assertEquals("Feature Tour", home.title());
        assertTrue(home.headings().contains("Footnotes"));
        assertFalse(home.headings().contains("Feature Tour"));
    }

    @Test
    void rendersAdmonitionsWithTheirTitle() {
        String html = page(BUILDER.build(ENTITY, TestDocs.source("features")), "").html();
        assertTrue(html.contains("<div class=\"admonition note\">"), html);
        assertTrue(html.contains("<p class=\"admonition-title\">Remember this</p>"), html);
        assertTrue(html.contains("Admonition body with <strong>bold</strong>"), html);
    }

    @Test
    void rendersCollapsibleAndNestedAdmonitionsAndLeavesFencedCodeAlone() {
        String html = MarkdownRenderer.render("""
                ???+ warning "Careful"
                    Outer body.

                    !!! tip
                        Inner *tip*.

                ```
                !!! note "not an admonition"
                ```
                """).html();
        assertTrue(html.contains("<details class=\"warning\" open>"), html);
        assertTrue(html.contains("<summary>Careful</summary>"), html);
        assertTrue(html.contains("<div class=\"admonition tip\">"), html);
        assertTrue(html.contains("<p class=\"admonition-title\">Tip</p>"), html);
        assertTrue(html.contains("Inner <em>tip</em>"), html);
        assertTrue(html.contains("<code>!!! note &quot;not an admonition&quot;"), html);
    }

    @Test
    void rendersTaskListsFootnotesDefinitionListsAndStrikeThrough() {
        String html = page(BUILDER.build(ENTITY, TestDocs.source("features")), "").html();
        assertTrue(html.contains("type=\"checkbox\""), html);
        assertTrue(html.contains("checked"), html);
        assertTrue(html.contains("task-list-item"), html);
        assertTrue(html.contains("class=\"footnote-ref\""), html);
        assertTrue(html.contains("The footnote text."), html);
        assertTrue(html.contains("<dt>Term</dt>"), html);
        assertTrue(html.contains("<dd>The definition of the term.</dd>"), html);
        assertTrue(html.contains("<del>gone</del>"), html);
    }

    @Test
    void rewritesRelativeLinksAndImagesToServedPaths() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("features"));
        String home = page(site, "").html();
        assertTrue(home.contains("href=\"/docs/default/component/feature-tour/guides/getting-started/#install\""), home);
        assertTrue(home.contains("href=\"/docs/default/component/feature-tour/guides/internals/\""), home);
        assertTrue(home.contains("src=\"/api/techdocs/static/docs/default/component/feature-tour/guides/img/diagram.png\""), home);
        assertTrue(home.contains("href=\"https://example.com/x\""), home);
        String started = page(site, "guides/getting-started/").html();
        assertTrue(started.contains("href=\"/docs/default/component/feature-tour/\""), started);
        assertTrue(started.contains("href=\"/api/techdocs/static/docs/default/component/feature-tour/guides/img/diagram.png\""), started);
    }

    @Test
    void reportsBrokenLinksAndMissingImagesPerPage() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("features"));
        assertTrue(site.brokenLinks().contains(new BrokenLink("index.md", "does-not-exist.md", "link")), site.brokenLinks().toString());
        assertTrue(site.brokenLinks().contains(new BrokenLink("index.md", "img/missing.png", "image")), site.brokenLinks().toString());
        assertTrue(site.brokenLinks().contains(new BrokenLink("mkdocs.yml", "nowhere.md", "link")), site.brokenLinks().toString());
        assertEquals(3, site.brokenLinks().size(), site.brokenLinks().toString());
        assertFalse(page(site, "").html().contains("missing.png"));
    }

    @Test
    void followsNavWithNestedSections() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("features"));
        assertEquals(List.of(
                NavItem.page("Home", ""),
                NavItem.section("Guides", List.of(
                        NavItem.page("Getting started", "guides/getting-started/"),
                        NavItem.section("Deep dive", List.of(NavItem.page("Internals", "guides/internals/")))))),
                site.nav());
    }

    @Test
    void withoutNavListsMarkdownFilesInOrderIndexFirstDirectoriesAsSections() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("no-nav"));
        assertEquals(List.of(
                NavItem.page("Welcome", ""),
                NavItem.page("Alpha", "alpha/"),
                NavItem.page("Zeta page", "zeta/"),
                NavItem.section("Reference", List.of(
                        NavItem.page("Reference", "reference/"),
                        NavItem.page("API reference", "reference/api/")))),
                site.nav());
        assertEquals("docs", MkDocsConfig.parse("site_name: No Nav\n").docsDir());
    }

    @Test
    void producesPlainTextForSearchAndMkDocsSearchIndexAndMetadata() {
        BuiltSite site = BUILDER.build(ENTITY, TestDocs.source("features"));
        BuiltPage home = page(site, "");
        assertTrue(home.text().contains("Admonition body with bold"), home.text());
        assertFalse(home.text().contains("<"), home.text());
        Map<String, BuiltSite.ServedFile> files = site.servedFiles();
        assertTrue(files.containsKey("index.html"));
        assertTrue(files.containsKey("guides/getting-started/index.html"));
        assertTrue(files.containsKey("guides/img/diagram.png"));
        String index = new String(files.get("search/search_index.json").body(), StandardCharsets.UTF_8);
        assertTrue(index.contains("\"location\":\"guides/getting-started/\""), index);
        assertTrue(index.contains("\"location\":\"guides/getting-started/#install\""), index);
        String metadata = new String(files.get("techdocs_metadata.json").body(), StandardCharsets.UTF_8);
        assertTrue(metadata.contains("\"site_name\":\"Feature Tour\""), metadata);
        assertTrue(metadata.contains("\"build_timestamp\":"), metadata);
        assertTrue(metadata.contains("\"etag\":\"" + site.etag() + "\""), metadata);
        assertTrue(metadata.contains("\"index.html\""), metadata);
    }

    @Test
    void failsWithAClearReasonWithoutMkdocsYmlOrSiteNameOrOnInvalidYaml() {
        Map<String, byte[]> files = new HashMap<>();
        files.put("docs/index.md", "# x".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(BuildException.class, () -> BUILDER.build(ENTITY, DocsSource.of(files)))
                .getMessage().contains("No mkdocs.yml"));
        files.put("mkdocs.yml", "nav: []\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(BuildException.class, () -> BUILDER.build(ENTITY, DocsSource.of(files)))
                .getMessage().contains("site_name"));
        files.put("mkdocs.yml", "site_name: [unclosed\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(BuildException.class, () -> BUILDER.build(ENTITY, DocsSource.of(files)))
                .getMessage().contains("not valid YAML"));
    }

    @Test
    void refusesAPageOverTheSizeLimit() {
        Map<String, byte[]> files = new HashMap<>();
        files.put("mkdocs.yml", "site_name: Big\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/index.md", "a".repeat(2_000).getBytes(StandardCharsets.UTF_8));
        BuildException e = assertThrows(BuildException.class,
                () -> new SiteBuilder("/docs", "/static", 1_000).build(ENTITY, DocsSource.of(files)));
        assertTrue(e.getMessage().contains("larger than the page limit"), e.getMessage());
    }

    @Test
    void buildsEveryDemoDocsSet() {
        for (String dir : List.of("systems/payments/payments-api-service", "systems/portal-platform/portal-backend",
                "systems/storefront/storefront-web")) {
            BuiltSite site = BUILDER.build(ENTITY, TestDocs.read(TestDocs.demoRoot().resolve(dir)));
            assertNotNull(site.siteName());
            assertTrue(site.pages().size() >= 3, dir);
            assertTrue(site.brokenLinks().isEmpty(), dir + ": " + site.brokenLinks());
        }
    }
}

package dev.portal.techdocs.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A corpus of hostile Markdown and HTML never reaches the served HTML. */
public class HtmlSanitizerTest {

    /** Markup that must never be served (escaped text such as {@code &lt;script&gt;} is harmless and may remain). */
    static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("<\\s*(script|iframe|frame|svg|object|embed|style|form|base|meta|math|link|button|textarea)\\b"),
            Pattern.compile("<[^>]*\\son[a-z]+\\s*="),                    // event handlers
            Pattern.compile("<[^>]*\\sstyle\\s*="),                       // CSS (url(javascript:…), overlays)
            Pattern.compile("<[^>]*\\s(href|src|action|formaction|xlink:href)\\s*=\\s*[\"']?\\s*(javascript|vbscript|data):"),
            Pattern.compile("<!--"),
            Pattern.compile("<input[^>]*type=\"(?!checkbox\")"));

    public static void assertSafe(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        for (Pattern bad : FORBIDDEN) {
            assertFalse(bad.matcher(lower).find(), "served HTML matches " + bad + ":\n" + html);
        }
    }

    @Test
    void hostileMarkdownCorpusNeverReachesTheServedHtml() throws IOException {
        String markdown = Files.readString(Path.of("src/test/resources/hostile/hostile.md"));
        BuiltSite site = SiteBuilderTest.BUILDER.build(SiteBuilderTest.ENTITY, DocsSource.of(Map.of(
                "mkdocs.yml", "site_name: Hostile\n".getBytes(StandardCharsets.UTF_8),
                "docs/index.md", markdown.getBytes(StandardCharsets.UTF_8))));
        BuiltPage page = site.pages().get(0);
        assertSafe(page.html());
        assertTrue(page.html().contains("Safe text survives."), page.html());
        assertTrue(page.html().contains("<h1 id=\"hostile-page\">"), page.html());
        String served = new String(site.servedFiles().get("index.html").body(), StandardCharsets.UTF_8);
        assertSafe(served.substring(served.indexOf("<body>"))); // the head holds our own <meta charset>
        assertFalse(page.text().contains("alert('in comment')"), page.text());
    }

    @Test
    void eachHostileSnippetIsNeutralisedOnItsOwn() throws IOException {
        String corpus = Files.readString(Path.of("src/test/resources/hostile/hostile.md"));
        LinkRewriter rewriter = new LinkRewriter("x.md", "", new LinkTarget() {
            public java.util.Optional<String> page(String path) { return java.util.Optional.empty(); }
            public boolean asset(String path) { return true; }
        }, SiteBuilderTest.ENTITY, "/docs", "/static");
        for (String snippet : corpus.split("\n\n")) {
            assertSafe(HtmlSanitizer.sanitize(snippet, rewriter));
            assertSafe(HtmlSanitizer.sanitize(MarkdownRenderer.render(snippet).html(), rewriter));
        }
    }

    @Test
    void keepsWhatDocsNeed() {
        String html = HtmlSanitizer.sanitize("<h2 id=\"a-b\">T</h2><pre><code class=\"language-go\">x</code></pre>"
                + "<a href=\"https://example.com\" title=\"t\">l</a><a href=\"mailto:x@example.com\">m</a>"
                + "<input type=\"checkbox\" checked disabled><input type=\"text\">", null);
        assertTrue(html.contains("<h2 id=\"a-b\">T</h2>"), html);
        assertTrue(html.contains("<code class=\"language-go\">"), html);
        assertTrue(html.contains("href=\"https://example.com\""), html);
        assertTrue(html.contains("href=\"mailto:x&#64;example.com\"") || html.contains("href=\"mailto:x@example.com\""), html);
        assertTrue(html.contains("type=\"checkbox\""), html);
        assertFalse(html.contains("type=\"text\""), html);
    }
}

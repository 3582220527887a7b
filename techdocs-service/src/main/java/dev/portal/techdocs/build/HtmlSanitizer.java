package dev.portal.techdocs.build;

import java.util.regex.Pattern;

import org.owasp.html.AttributePolicy;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The one HTML policy every served page goes through (OWASP java-html-sanitizer), whatever produced it — Markdown
 * (flexmark passes raw HTML through untouched) or an uploaded site. It keeps the elements docs need (headings with
 * their ids, tables, code with language classes, lists with task checkboxes, footnotes, definition lists, images,
 * admonition blocks) and drops everything else: scripts, styles, iframes, objects, SVG, forms, event handlers,
 * {@code style} attributes, and any URL whose protocol is not http, https or mailto ({@code javascript:},
 * {@code data:}, {@code vbscript:} …). Relative {@code href}/{@code src} values are rewritten by the page's
 * {@link LinkRewriter} while sanitising.
 *
 * <p>Built from ONE {@link HtmlPolicyBuilder}: combining policies with {@code and()} silently dropped heading ids.
 */
public final class HtmlSanitizer {

    private static final Pattern CLASSES = Pattern.compile("[A-Za-z0-9_\\- ]{1,200}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-:.]{1,200}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}%?");
    private static final Pattern ALIGN = Pattern.compile("(?i)left|right|center|justify");
    private static final ThreadLocal<LinkRewriter> REWRITER = new ThreadLocal<>();

    private static final AttributePolicy REWRITE_HREF = (element, attribute, value) -> rewrite(value, LinkRewriter.LINK);
    private static final AttributePolicy REWRITE_SRC = (element, attribute, value) -> rewrite(value, LinkRewriter.IMAGE);

    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "div", "span", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                    "code", "kbd", "samp", "var", "em", "strong", "b", "i", "u", "del", "s", "ins", "mark", "small",
                    "sup", "sub", "abbr", "cite", "q", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
                    "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img", "figure",
                    "figcaption", "details", "summary", "input", "article", "section", "nav", "header", "footer",
                    "main", "aside", "time")
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").matching(REWRITE_HREF).onElements("a")
            .allowAttributes("src").matching(REWRITE_SRC).onElements("img")
            .allowAttributes("title").globally()
            .allowAttributes("alt").onElements("img")
            .allowAttributes("width", "height").matching(NUMBER).onElements("img", "col", "td", "th")
            .allowAttributes("id").matching(ID).globally()
            .allowAttributes("class").matching(CLASSES).globally()
            .allowAttributes("align").matching(ALIGN).onElements("th", "td", "p", "div", "img")
            .allowAttributes("colspan", "rowspan").matching(NUMBER).onElements("th", "td")
            .allowAttributes("start").matching(NUMBER).onElements("ol")
            .allowAttributes("open").onElements("details")
            .allowAttributes("datetime").onElements("time")
            .allowAttributes("lang").globally()
            // GitHub task lists: a read-only checkbox, nothing else an input could be.
            .allowAttributes("type").matching(true, "checkbox").onElements("input")
            .allowAttributes("checked", "disabled", "readonly").onElements("input")
            .toFactory();

    private HtmlSanitizer() {
    }

    /** {@code html} made safe, its relative links rewritten (and broken ones noted) by {@code rewriter}. */
    public static String sanitize(String html, LinkRewriter rewriter) {
        REWRITER.set(rewriter);
        try {
            return POLICY.sanitize(html);
        } finally {
            REWRITER.remove();
        }
    }

    private static String rewrite(String value, String kind) {
        LinkRewriter rewriter = REWRITER.get();
        return rewriter == null ? value : rewriter.rewrite(value, kind);
    }
}

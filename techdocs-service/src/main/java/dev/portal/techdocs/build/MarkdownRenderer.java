package dev.portal.techdocs.build;

import java.util.ArrayList;
import java.util.List;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ext.anchorlink.AnchorLinkExtension;
import com.vladsch.flexmark.ext.definition.DefinitionExtension;
import com.vladsch.flexmark.ext.footnotes.FootnoteExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.gfm.tasklist.TaskListExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.ext.toc.TocExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.TextCollectingVisitor;
import com.vladsch.flexmark.util.data.MutableDataSet;

/**
 * Markdown to (unsanitised) HTML with what techdocs-core users write: GitHub tables, fenced code with
 * {@code language-*} classes, heading ids with anchor links, {@code [TOC]}, admonitions ({@code !!! note "Title"},
 * by {@link Admonitions}),
 * task lists, footnotes, definition lists and strike-through. Parser and renderer are immutable and shared by all
 * threads. The output still carries whatever raw HTML the Markdown held: {@link HtmlSanitizer} is what makes it safe.
 */
public final class MarkdownRenderer {

    /** A rendered page: its HTML body (not yet sanitised), first H1 (or null) and headings. */
    public record Rendered(String html, String title, List<TocEntry> toc) {
    }

    private static final MutableDataSet OPTIONS = new MutableDataSet();

    static {
        OPTIONS.set(Parser.EXTENSIONS, List.of(TablesExtension.create(),
                AnchorLinkExtension.create(), TocExtension.create(), TaskListExtension.create(),
                FootnoteExtension.create(), DefinitionExtension.create(), StrikethroughExtension.create()));
        OPTIONS.set(HtmlRenderer.GENERATE_HEADER_ID, true);
        OPTIONS.set(HtmlRenderer.RENDER_HEADER_ID, true);
        OPTIONS.set(AnchorLinkExtension.ANCHORLINKS_SET_ID, false);
        OPTIONS.set(AnchorLinkExtension.ANCHORLINKS_WRAP_TEXT, false);
        OPTIONS.set(AnchorLinkExtension.ANCHORLINKS_ANCHOR_CLASS, "headerlink");
        // GitHub flavoured tables.
        OPTIONS.set(TablesExtension.COLUMN_SPANS, false);
        OPTIONS.set(TablesExtension.APPEND_MISSING_COLUMNS, true);
        OPTIONS.set(TablesExtension.DISCARD_EXTRA_COLUMNS, true);
        OPTIONS.set(TablesExtension.HEADER_SEPARATOR_COLUMN_MATCH, true);
        OPTIONS.set(TablesExtension.CLASS_NAME, "md-typeset__table");
    }

    private static final Parser PARSER = Parser.builder(OPTIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder(OPTIONS).build();

    private MarkdownRenderer() {
    }

    public static Rendered render(String markdown) {
        Document document = PARSER.parse(Admonitions.preprocess(markdown));
        String html = RENDERER.render(document); // assigns the heading ids read below
        List<TocEntry> toc = new ArrayList<>();
        String title = null;
        collect(document, toc);
        for (TocEntry entry : toc) {
            if (entry.level() == 1) {
                title = entry.title();
                break;
            }
        }
        return new Rendered(html, title, toc);
    }

    private static void collect(Node node, List<TocEntry> toc) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof Heading heading) {
                String text = new TextCollectingVisitor().collectAndGetText(heading).trim();
                toc.add(new TocEntry(heading.getLevel(), heading.getAnchorRefId(), text));
            } else if (child.hasChildren()) {
                collect(child, toc);
            }
        }
    }
}

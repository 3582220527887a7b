package dev.portal.techdocs.build;

import java.util.List;

/**
 * A built page: served path ({@code ""} for the home page, else ending in {@code /}), title, sanitised HTML body,
 * table of contents and plain text.
 */
public record BuiltPage(String path, String title, String html, List<TocEntry> toc, String text) {

    public BuiltPage {
        toc = List.copyOf(toc);
    }

    /** The section headings (every heading but the title). */
    public List<String> headings() {
        boolean titleSkipped = false;
        java.util.List<String> headings = new java.util.ArrayList<>();
        for (TocEntry entry : toc) {
            if (!titleSkipped && entry.level() == 1 && entry.title().equals(title)) {
                titleSkipped = true;
                continue;
            }
            headings.add(entry.title());
        }
        return headings;
    }
}

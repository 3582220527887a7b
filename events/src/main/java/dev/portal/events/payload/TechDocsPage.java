package dev.portal.events.payload;

import java.util.List;

/**
 * One built TechDocs page, as search indexes it.
 *
 * @param path     the page's path inside the site, e.g. {@code getting-started/} ({@code ""} for the home page)
 * @param title    the page title (its first heading, else the nav title)
 * @param headings the page's section headings, in order
 * @param text     the page's plain text, without markup
 */
public record TechDocsPage(String path, String title, List<String> headings, String text) {

    public TechDocsPage {
        headings = headings == null ? List.of() : List.copyOf(headings);
    }
}

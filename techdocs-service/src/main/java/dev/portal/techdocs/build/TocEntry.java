package dev.portal.techdocs.build;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One heading of a page's table of contents: its level (1–6), anchor id and text. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TocEntry(int level, String id, String title) {
}

package dev.portal.techdocs.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** A page for the gateway: path, title, sanitised HTML body and its table of contents. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PageView(String path, String title, String html, JsonNode toc) {
}

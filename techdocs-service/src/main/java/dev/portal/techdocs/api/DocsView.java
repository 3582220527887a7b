package dev.portal.techdocs.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An entity's docs as the gateway shows them (the contract of {@code GET /api/techdocs/entity/.../docs}): status
 * {@code built}, {@code failed}, {@code building} or {@code none}; nulls are written, lists are never null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DocsView(String entityRef, String status, String siteName, String siteDescription, String buildTimestamp,
                       String lastError, int pageCount, JsonNode nav, JsonNode brokenLinks) {
}

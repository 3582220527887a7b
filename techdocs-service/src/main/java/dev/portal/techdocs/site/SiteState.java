package dev.portal.techdocs.site;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The stored state of an entity's site: what is served and how the latest build went. */
public record SiteState(String entityRef, String status, String strategy, String sourceHash, String siteName,
                        String siteDescription, Instant buildTimestamp, String etag, int pageCount, JsonNode nav,
                        JsonNode brokenLinks, String lastError, Instant failedAt) {

    public static final String BUILDING = "building";
    public static final String BUILT = "built";
    public static final String FAILED = "failed";
    public static final String LOCAL = "local";
    public static final String EXTERNAL = "external";

    /** Whether a site is served (a good build exists, whatever the latest attempt did). */
    public boolean serving() {
        return buildTimestamp != null;
    }

    public List<String> noteworthy() {
        return List.of(status);
    }
}

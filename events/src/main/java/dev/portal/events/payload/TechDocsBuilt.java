package dev.portal.events.payload;

import java.time.Instant;
import java.util.List;

/**
 * Value of {@code dev.portal.techdocs.built.v1} on {@code portal.techdocs.changes}: an entity's docs site was built
 * (or uploaded) and is served as of now.
 *
 * @param entityRef       the entity the docs belong to (canonical ref, also the record key)
 * @param siteName        {@code site_name} from {@code mkdocs.yml}
 * @param siteDescription {@code site_description}, or null
 * @param buildTimestamp  when the site was built
 * @param etag            the site's etag (content hash of its source), as in {@code techdocs_metadata.json}
 * @param pages           every page with its text, for search
 * @param brokenLinks     internal links and images that point nowhere
 */
public record TechDocsBuilt(String entityRef, String siteName, String siteDescription, Instant buildTimestamp,
                            String etag, List<TechDocsPage> pages, List<BrokenLink> brokenLinks) {

    public TechDocsBuilt {
        pages = pages == null ? List.of() : List.copyOf(pages);
        brokenLinks = brokenLinks == null ? List.of() : List.copyOf(brokenLinks);
    }

    /** A reference in {@code page} to {@code target} that resolves to nothing; {@code kind} is {@code link} or {@code image}. */
    public record BrokenLink(String page, String target, String kind) {
    }
}

package dev.portal.techdocs.site;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.portal.events.EventType;
import dev.portal.events.Json;
import dev.portal.events.payload.TechDocsBuilt;
import dev.portal.events.payload.TechDocsFailed;
import dev.portal.events.payload.TechDocsPage;
import dev.portal.events.payload.TechDocsRemoved;
import dev.portal.techdocs.build.BuiltPage;
import dev.portal.techdocs.build.BuiltSite;

/** The payloads of {@code portal.techdocs.changes}, from a site. */
public final class DocsEvents {

    private DocsEvents() {
    }

    /**
     * {@code dev.portal.techdocs.built.v1} with every page; when the JSON would exceed {@code maxBytes} (Kafka's
     * message limit), page texts are shortened evenly until it fits — titles, paths and headings always stay.
     */
    public static SiteRepository.Event built(String entityRef, BuiltSite site, int maxBytes) {
        int textLimit = Integer.MAX_VALUE;
        while (true) {
            List<TechDocsPage> pages = new ArrayList<>(site.pages().size());
            for (BuiltPage page : site.pages()) {
                String text = page.text().length() > textLimit ? page.text().substring(0, textLimit) : page.text();
                pages.add(new TechDocsPage(page.path(), page.title(), page.headings(), text));
            }
            byte[] json = Json.toBytes(new TechDocsBuilt(entityRef, site.siteName(), site.siteDescription(),
                    site.buildTimestamp(), site.etag(), pages, site.brokenLinks()));
            if (json.length <= maxBytes || textLimit == 0) {
                return new SiteRepository.Event(EventType.TECHDOCS_BUILT, json);
            }
            int longest = site.pages().stream().mapToInt(p -> p.text().length()).max().orElse(0);
            textLimit = Math.min(longest, textLimit) / 2;
        }
    }

    public static SiteRepository.Event failed(String entityRef, String reason, Instant failedAt, Instant servingSiteOf) {
        return new SiteRepository.Event(EventType.TECHDOCS_FAILED,
                Json.toBytes(new TechDocsFailed(entityRef, reason, failedAt, servingSiteOf)));
    }

    public static SiteRepository.Event removed(String entityRef, Instant removedAt) {
        return new SiteRepository.Event(EventType.TECHDOCS_REMOVED, Json.toBytes(new TechDocsRemoved(entityRef, removedAt)));
    }
}

package dev.portal.techdocs.api;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.portal.events.Json;
import dev.portal.techdocs.site.SiteRepository;
import dev.portal.techdocs.site.SiteState;

/** Builds {@link DocsView}s from stored sites, one query for any number of entities. */
@ApplicationScoped
public class DocsViews {

    private final SiteRepository repository;

    public DocsViews(SiteRepository repository) {
        this.repository = repository;
    }

    public List<DocsView> views(List<String> entityRefs) {
        Map<String, SiteState> sites = repository.sites(entityRefs);
        List<DocsView> views = new ArrayList<>(entityRefs.size());
        for (String ref : entityRefs) {
            views.add(view(ref, sites.get(ref)));
        }
        return views;
    }

    public DocsView view(String entityRef) {
        return views(List.of(entityRef)).get(0);
    }

    static DocsView view(String entityRef, SiteState site) {
        if (site == null) {
            return new DocsView(entityRef, "none", null, null, null, null, 0, Json.mapper().createArrayNode(),
                    Json.mapper().createArrayNode());
        }
        return new DocsView(entityRef, site.status(), site.siteName(), site.siteDescription(),
                site.buildTimestamp() == null ? null : site.buildTimestamp().toString(),
                SiteState.FAILED.equals(site.status()) ? site.lastError() : null, site.pageCount(), site.nav(),
                site.brokenLinks());
    }

    static List<String> distinct(Collection<String> refs) {
        return new ArrayList<>(refs);
    }
}

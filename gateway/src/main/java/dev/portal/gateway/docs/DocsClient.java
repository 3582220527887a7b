package dev.portal.gateway.docs;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.portal.events.EntityRef;
import dev.portal.gateway.GatewayError;
import dev.portal.gateway.api.EntityApiSupport;
import dev.portal.gateway.downstream.Downstream;
import dev.portal.gateway.downstream.Service;

/** techdocs-service: docs of many entities in one {@code POST /api/techdocs/entities/docs}, pages one by one. */
@ApplicationScoped
public class DocsClient {

    private final Downstream downstream;

    public DocsClient(Downstream downstream) {
        this.downstream = downstream;
    }

    /** Canonical ref → docs, for all refs in one call. */
    public Map<String, DocsInfo> docs(List<String> refs) {
        Map<String, DocsInfo> result = new HashMap<>();
        if (refs.isEmpty()) {
            return result;
        }
        JsonNode items = downstream.post(Service.TECHDOCS, "/api/techdocs/entities/docs", Map.of("entityRefs", refs)).path("items");
        for (JsonNode item : items) {
            String ref = item.path("entityRef").asText(null);
            if (ref == null) {
                continue;
            }
            String status = item.path("status").asText("none");
            List<DocsInfo.BrokenLink> broken = new ArrayList<>();
            item.path("brokenLinks").forEach(l -> broken.add(new DocsInfo.BrokenLink(text(l, "page"), text(l, "target"), text(l, "kind"))));
            result.put(EntityRef.parse(ref).canonical(), new DocsInfo(ref, !"none".equals(status), status, text(item, "siteName"),
                    text(item, "siteDescription"), text(item, "buildTimestamp"), text(item, "lastError"),
                    item.path("pageCount").asInt(), nav(item.path("nav")), broken));
        }
        return result;
    }

    /** A page's sanitised HTML, or null when there is no such page. */
    public DocsInfo.Page page(String entityRef, String path) {
        EntityRef ref = EntityRef.parse(entityRef);
        JsonNode page;
        try {
            page = downstream.get(Service.TECHDOCS, "/api/techdocs/entity/" + EntityApiSupport.enc(ref.namespace()) + "/"
                    + EntityApiSupport.enc(ref.kind()) + "/" + EntityApiSupport.enc(ref.name()) + "/page?path="
                    + EntityApiSupport.enc(path));
        } catch (GatewayError.NotFound e) {
            return null;
        }
        List<DocsInfo.TocEntry> toc = new ArrayList<>();
        page.path("toc").forEach(t -> toc.add(new DocsInfo.TocEntry(t.path("level").asInt(), text(t, "id"), text(t, "title"))));
        return new DocsInfo.Page(text(page, "path"), text(page, "title"), text(page, "html"), toc);
    }

    private static List<DocsInfo.NavItem> nav(JsonNode items) {
        List<DocsInfo.NavItem> nav = new ArrayList<>();
        items.forEach(i -> nav.add(new DocsInfo.NavItem(text(i, "title"), text(i, "path"), nav(i.path("children")))));
        return nav;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}

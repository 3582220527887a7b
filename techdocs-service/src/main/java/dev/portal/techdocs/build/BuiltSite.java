package dev.portal.techdocs.build;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.portal.events.Json;
import dev.portal.events.payload.TechDocsBuilt.BrokenLink;

/**
 * A site ready to store and serve: metadata, navigation, sanitised pages, other files (images…) and the broken links
 * found while building.
 */
public record BuiltSite(String siteName, String siteDescription, String etag, Instant buildTimestamp,
                        List<NavItem> nav, List<BuiltPage> pages, Map<String, byte[]> assets,
                        List<BrokenLink> brokenLinks) {

    /** A file as served from {@code /static/docs/...}. */
    public record ServedFile(String contentType, byte[] body) {
    }

    public static final String METADATA_FILE = "techdocs_metadata.json";
    public static final String SEARCH_INDEX_FILE = "search/search_index.json";

    /**
     * Every file served: each page as {@code <path>index.html} (a minimal document around its sanitised body), the
     * assets, {@code search/search_index.json} (MkDocs's format) and {@code techdocs_metadata.json}.
     */
    public Map<String, ServedFile> servedFiles() {
        Map<String, ServedFile> files = new LinkedHashMap<>();
        for (BuiltPage page : pages) {
            files.put(page.path() + "index.html", new ServedFile("text/html; charset=utf-8", document(page)));
        }
        for (Map.Entry<String, byte[]> asset : assets.entrySet()) {
            files.put(asset.getKey(), new ServedFile(SitePaths.contentType(asset.getKey()), asset.getValue()));
        }
        files.put(SEARCH_INDEX_FILE, new ServedFile("application/json", Json.toBytes(searchIndex())));
        List<String> names = new ArrayList<>(files.keySet());
        names.add(METADATA_FILE);
        files.put(METADATA_FILE, new ServedFile("application/json", Json.toBytes(metadata(names))));
        return files;
    }

    /** Backstage's {@code techdocs_metadata.json}: site_name, site_description, build_timestamp (ms), files, etag. */
    public ObjectNode metadata(List<String> files) {
        ObjectNode metadata = Json.mapper().createObjectNode();
        metadata.put("site_name", siteName);
        metadata.put("site_description", siteDescription);
        metadata.put("build_timestamp", buildTimestamp.toEpochMilli());
        ArrayNode list = metadata.putArray("files");
        files.forEach(list::add);
        metadata.put("etag", etag);
        return metadata;
    }

    /** MkDocs's {@code search_index.json}: {@code {"config":{…},"docs":[{"location","title","text"}]}}. */
    public ObjectNode searchIndex() {
        ObjectNode index = Json.mapper().createObjectNode();
        ObjectNode config = index.putObject("config");
        config.putArray("lang").add("en");
        config.put("separator", "[\\s\\-]+");
        config.putArray("pipeline").add("stopWordFilter");
        ArrayNode docs = index.putArray("docs");
        for (BuiltPage page : pages) {
            docs.addObject().put("location", page.path()).put("title", page.title()).put("text", page.text());
            for (TocEntry heading : page.toc()) {
                if (heading.level() > 1 && heading.id() != null) {
                    docs.addObject().put("location", page.path() + "#" + heading.id()).put("title", heading.title())
                            .put("text", "");
                }
            }
        }
        return index;
    }

    private byte[] document(BuiltPage page) {
        String html = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(page.title()) + " - "
                + escape(siteName) + "</title></head>\n<body><article class=\"md-content__inner md-typeset\">\n"
                + page.html() + "\n</article></body></html>\n";
        return html.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;");
    }
}

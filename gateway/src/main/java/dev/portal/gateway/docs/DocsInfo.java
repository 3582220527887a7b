package dev.portal.gateway.docs;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("Docs")
@Description("The entity's TechDocs: whether it has docs, the build status, the nav tree and broken links; page(path) reads a page.")
public record DocsInfo(String entityRef, boolean hasDocs,
                       @Description("built, failed, building or none") String status,
                       String siteName, String siteDescription, String buildTimestamp, String lastError, int pageCount,
                       List<NavItem> nav, List<BrokenLink> brokenLinks) {

    @Type("DocsNavItem")
    public record NavItem(String title, String path, List<NavItem> children) {
    }

    @Type("DocsBrokenLink")
    public record BrokenLink(String page, String target, String kind) {
    }

    @Type("DocsPage")
    public record Page(String path, String title, @Description("Sanitised HTML") String html, List<TocEntry> toc) {
    }

    @Type("DocsTocEntry")
    public record TocEntry(int level, String id, String title) {
    }
}

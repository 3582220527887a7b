package dev.portal.techdocs.build;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a site's navigation: a page ({@code path} is its served path, e.g. {@code getting-started/}, {@code ""}
 * for the home page) or a section ({@code path} null, {@code children} its entries).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record NavItem(String title, String path, List<NavItem> children) {

    public NavItem {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public static NavItem page(String title, String path) {
        return new NavItem(title, path, List.of());
    }

    public static NavItem section(String title, List<NavItem> children) {
        return new NavItem(title, null, children);
    }
}

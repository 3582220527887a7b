package dev.portal.techdocs.build;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.portal.events.EntityRef;
import dev.portal.events.payload.TechDocsBuilt.BrokenLink;

/**
 * Rewrites the relative links and images of one page to the paths they are served at, and notes those that point
 * nowhere. Pages go to {@code <page-base>/<ns>/<kind>/<name>/<page path>}, files to
 * {@code <asset-base>/<ns>/<kind>/<name>/<file>}. Links with a scheme are left to the sanitiser's protocol check;
 * anything that looks like a scheme but is not a clean one is dropped.
 */
public final class LinkRewriter {

    public static final String LINK = "link";
    public static final String IMAGE = "image";

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*", Pattern.DOTALL);

    private final String pageLabel;
    private final String baseDirectory;
    private final LinkTarget site;
    private final String pagePrefix;
    private final String assetPrefix;
    private final Set<BrokenLink> broken = new LinkedHashSet<>();

    /**
     * @param pageLabel     how broken links name the page (its source file, or its served path)
     * @param baseDirectory the directory relative links resolve against ({@code guides/} for {@code guides/x.md})
     */
    public LinkRewriter(String pageLabel, String baseDirectory, LinkTarget site, EntityRef entity, String pageBase,
                        String assetBase) {
        this.pageLabel = pageLabel;
        this.baseDirectory = baseDirectory;
        this.site = site;
        String triple = SitePaths.encodePath(entity.namespace().toLowerCase(java.util.Locale.ROOT) + "/"
                + entity.kind().toLowerCase(java.util.Locale.ROOT) + "/" + entity.name().toLowerCase(java.util.Locale.ROOT)) + "/";
        this.pagePrefix = trimSlash(pageBase) + "/" + triple;
        this.assetPrefix = trimSlash(assetBase) + "/" + triple;
    }

    /** The URL to serve for {@code url} found in a {@code kind} ({@link #LINK} or {@link #IMAGE}); null to drop it. */
    public String rewrite(String url, String kind) {
        if (url == null) {
            return null;
        }
        String value = url.trim();
        if (value.isEmpty() || value.startsWith("#") || value.startsWith("//") || value.startsWith("/")) {
            return value;
        }
        if (SCHEME.matcher(value).matches()) {
            return value; // the sanitiser allows http, https and mailto only
        }
        int colon = value.indexOf(':');
        if (colon >= 0 && indexOfAny(value, "/?#") > colon) {
            return null; // "java\tscript:…" and the like: neither a clean scheme nor a path
        }
        if (colon >= 0 && indexOfAny(value, "/?#") < 0) {
            return null;
        }
        String fragment = "";
        int hash = value.indexOf('#');
        if (hash >= 0) {
            fragment = value.substring(hash);
            value = value.substring(0, hash);
        }
        int query = value.indexOf('?');
        if (query >= 0) {
            value = value.substring(0, query);
        }
        String resolved = SitePaths.normalise(baseDirectory + SitePaths.decode(value));
        if (resolved == null) {
            broken.add(new BrokenLink(pageLabel, url, kind));
            return null;
        }
        if (kind.equals(LINK)) {
            Optional<String> page = site.page(resolved);
            if (page.isPresent()) {
                return pagePrefix + SitePaths.encodePath(page.get()) + fragment;
            }
        }
        if (!resolved.isEmpty() && !resolved.endsWith("/") && site.asset(resolved)) {
            return assetPrefix + SitePaths.encodePath(resolved);
        }
        broken.add(new BrokenLink(pageLabel, url, kind));
        return null;
    }

    public List<BrokenLink> brokenLinks() {
        return new ArrayList<>(broken);
    }

    private static int indexOfAny(String value, String chars) {
        int best = Integer.MAX_VALUE;
        for (char c : chars.toCharArray()) {
            int i = value.indexOf(c);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best == Integer.MAX_VALUE ? -1 : best;
    }

    private static String trimSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}

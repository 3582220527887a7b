package dev.portal.techdocs.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.portal.techdocs.build.BuildException;

/**
 * Where an entity's docs source is: a directory on the file system, a directory URL (files fetched one by one) or a
 * {@code .tar.gz} archive URL. Resolved from {@code backstage.io/techdocs-ref} ({@code dir:<path>} against
 * {@code backstage.io/managed-by-location}, or {@code url:<location>}).
 */
public record DocsLocation(Type type, String target) {

    public enum Type { FILE, URL, ARCHIVE }

    private static final Pattern GITHUB_TREE = Pattern.compile("^https://github\\.com/([^/]+)/([^/]+)/(?:tree|blob)/([^/]+)(/.*)?$");

    /** The location string stored and shown, e.g. {@code file:/srv/repo/} or {@code url:https://…/}. */
    @Override
    public String toString() {
        return (type == Type.FILE ? "file:" : "url:") + target;
    }

    public static DocsLocation resolve(String techdocsRef, String managedByLocation) {
        String ref = techdocsRef == null ? "" : techdocsRef.trim();
        if (ref.startsWith("dir:")) {
            String dir = ref.substring(4).trim();
            if (dir.isEmpty()) {
                dir = ".";
            }
            if (managedByLocation == null || managedByLocation.isBlank()) {
                throw new BuildException("backstage.io/techdocs-ref '" + ref
                        + "' is relative, but the entity has no backstage.io/managed-by-location to resolve it against");
            }
            String location = managedByLocation.trim();
            if (location.startsWith("file:")) {
                String file = location.substring(5);
                Path base = Path.of(file.startsWith("//") ? URI.create(location).getPath() : file).getParent();
                if (base == null) {
                    throw new BuildException("Cannot resolve " + ref + " against " + location);
                }
                return new DocsLocation(Type.FILE, base.resolve(dir).normalize().toString());
            }
            if (location.startsWith("url:")) {
                URI resolved = URI.create(location.substring(4).trim()).resolve(dir.endsWith("/") ? dir : dir + "/");
                return url(resolved.toString());
            }
            throw new BuildException("Cannot resolve " + ref + " against the location " + location
                    + " (expected a file: or url: location)");
        }
        if (ref.startsWith("url:")) {
            return url(ref.substring(4).trim());
        }
        throw new BuildException("Unsupported backstage.io/techdocs-ref '" + ref + "' (expected dir:<path> or url:<location>)");
    }

    private static DocsLocation url(String url) {
        try {
            URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BuildException("Invalid docs URL '" + url + "'");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) {
            return new DocsLocation(Type.ARCHIVE, url);
        }
        Matcher github = GITHUB_TREE.matcher(url);
        if (github.matches()) { // GitHub's page for a folder → its raw files
            String path = github.group(4) == null ? "/" : github.group(4);
            url = "https://raw.githubusercontent.com/" + github.group(1) + "/" + github.group(2) + "/" + github.group(3) + path;
        }
        return new DocsLocation(Type.URL, url.endsWith("/") ? url : url + "/");
    }
}

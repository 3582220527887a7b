package dev.portal.techdocs.build;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

/** Path rules shared by the builder, the archive reader and the static route: normalising, refusing escapes. */
public final class SitePaths {

    /** A Windows drive letter ({@code C:…}); compiled once, as the static route checks every request path. */
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private SitePaths() {
    }

    /**
     * {@code path} (slash-separated, relative) with {@code .} and {@code ..} segments resolved; null when it climbs
     * above the root, is absolute, or holds a backslash, NUL or drive letter.
     */
    public static String normalise(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || DRIVE.matcher(path).matches()) {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
            } else {
                segments.addLast(part);
            }
        }
        String joined = String.join("/", segments);
        boolean directory = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..") || path.equals(".")
                || path.equals("..");
        return joined.isEmpty() ? "" : directory ? joined + "/" : joined;
    }

    /** Whether any segment of a request path is {@code ..} (or a backslash/NUL is in it): such a request is refused. */
    public static boolean isTraversal(String path) {
        if (path == null) {
            return false;
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The served path of a Markdown file (MkDocs {@code use_directory_urls}): {@code a/b.md → a/b/}, {@code a/index.md → a/}. */
    public static String pagePath(String markdownFile) {
        String withoutExt = markdownFile.substring(0, markdownFile.length() - 3);
        if (withoutExt.equals("index") || withoutExt.equals("README")) {
            return "";
        }
        if (withoutExt.endsWith("/index") || withoutExt.endsWith("/README")) {
            return withoutExt.substring(0, withoutExt.lastIndexOf('/') + 1);
        }
        return withoutExt + "/";
    }

    /** The directory part of a path, with its trailing slash ({@code a/b.md → a/}; {@code b.md → ""}). */
    public static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    public static boolean isMarkdown(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".markdown");
    }

    /** Percent-encodes what may not stand in a URL path (spaces, non-ASCII, quotes…), keeping {@code /}. */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
                if (c == '\'' ) {
                    out.append("%27");
                } else {
                    out.append((char) c);
                }
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** Decodes {@code %XX} escapes (a malformed escape is kept as written). */
    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] out = new byte[value.length()];
        int n = 0;
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0 && Character.digit(in[i + 2], 16) >= 0) {
                out[n++] = (byte) ((Character.digit(in[i + 1], 16) << 4) + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                if (n >= out.length) {
                    break;
                }
                out[n++] = in[i];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The content type served for a file, by its extension. */
    public static String contentType(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 ? "" : lower.substring(dot + 1);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json";
            case "txt", "md" -> "text/plain; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "ico" -> "image/x-icon";
            case "pdf" -> "application/pdf";
            case "woff" -> "font/woff";
            case "woff2" -> "font/woff2";
            case "xml" -> "application/xml";
            case "yaml", "yml" -> "text/yaml; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}

package dev.portal.techdocs.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python-Markdown admonitions ({@code !!! note "Title"}, collapsible {@code ??? note} / {@code ???+ note}) turned into
 * the HTML MkDocs writes ({@code <div class="admonition note"><p class="admonition-title">…}, {@code <details>}) before
 * parsing, with the indented body left as Markdown between blank lines so CommonMark renders it. Nested admonitions
 * and fenced code are handled; nothing inside a fence is touched.
 *
 * <p>Replaces flexmark's admonition extension, which cost three quarters of the whole render time (it loads its SVG
 * icon set for every document) and whose classes ({@code adm-block}) no MkDocs theme styles.
 */
public final class Admonitions {

    private static final Pattern START = Pattern.compile("^( {0,3})(!!!|\\?\\?\\?\\+?)[ \\t]+([A-Za-z0-9_-]+)(?:[ \\t]+\"(.*)\")?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");

    private Admonitions() {
    }

    public static String preprocess(String markdown) {
        if (!markdown.contains("!!!") && !markdown.contains("???")) {
            return markdown;
        }
        String[] lines = markdown.split("\n", -1);
        StringBuilder out = new StringBuilder(markdown.length() + 128);
        String fence = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (fence != null) {
                if (line.trim().startsWith(fence)) {
                    fence = null;
                }
                append(out, line, i, lines.length);
                continue;
            }
            Matcher fenceStart = FENCE.matcher(line);
            if (fenceStart.find()) {
                fence = fenceStart.group(1).substring(0, 3);
                append(out, line, i, lines.length);
                continue;
            }
            Matcher start = START.matcher(line);
            if (!start.matches()) {
                append(out, line, i, lines.length);
                continue;
            }
            String indent = start.group(1);
            int bodyIndent = indent.length() + 4;
            List<String> body = new ArrayList<>();
            int j = i + 1;
            while (j < lines.length) {
                String next = expandTabs(lines[j]);
                if (next.isBlank() || leading(next) >= bodyIndent) {
                    body.add(next.isBlank() ? "" : next.substring(bodyIndent));
                    j++;
                } else {
                    break;
                }
            }
            while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
                body.remove(body.size() - 1);
                j--;
            }
            String type = start.group(3).toLowerCase(Locale.ROOT);
            String title = start.group(4) != null ? start.group(4) : capitalise(type);
            boolean collapsible = start.group(2).startsWith("???");
            String inner = preprocess(String.join("\n", body));
            StringBuilder block = new StringBuilder();
            if (collapsible) {
                block.append("<details class=\"").append(type).append('"')
                        .append(start.group(2).endsWith("+") ? " open" : "").append(">\n")
                        .append("<summary>").append(escape(title)).append("</summary>\n\n");
            } else {
                block.append("<div class=\"admonition ").append(type).append("\">\n");
                if (!title.isEmpty()) {
                    block.append("<p class=\"admonition-title\">").append(escape(title)).append("</p>\n");
                }
                block.append('\n');
            }
            block.append(inner).append("\n\n").append(collapsible ? "</details>" : "</div>");
            for (String blockLine : block.toString().split("\n", -1)) {
                out.append(blockLine.isEmpty() ? "" : indent + blockLine).append('\n');
            }
            i = j - 1;
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String line, int index, int count) {
        out.append(line);
        if (index < count - 1) {
            out.append('\n');
        }
    }

    private static String expandTabs(String line) {
        return line.indexOf('\t') < 0 ? line : line.replace("\t", "    ");
    }

    private static int leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    private static String capitalise(String type) {
        return type.isEmpty() ? type : Character.toUpperCase(type.charAt(0)) + type.substring(1);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.portal.techdocs.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain text and headings from sanitised (so well-formed) HTML. */
public final class HtmlText {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BLOCK_END = Pattern.compile("(?i)</(p|div|h[1-6]|li|tr|td|th|dd|dt|pre|blockquote|table)>|<br\\s*/?>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern HEADING = Pattern.compile(
            "(?is)<h([1-6])([^>]*)>(.*?)</h\\1>");
    private static final Pattern ID = Pattern.compile("(?i)\\bid=\"([^\"]*)\"");

    private HtmlText() {
    }

    public static String plain(String html) {
        String text = BLOCK_END.matcher(html).replaceAll(" ");
        text = TAG.matcher(text).replaceAll("");
        text = unescape(text);
        return SPACE.matcher(text).replaceAll(" ").trim();
    }

    /** The headings of sanitised HTML, with their ids (null when they have none). */
    public static List<TocEntry> headings(String html) {
        List<TocEntry> toc = new ArrayList<>();
        Matcher m = HEADING.matcher(html);
        while (m.find()) {
            Matcher id = ID.matcher(m.group(2));
            String text = plain(m.group(3)).replace("¶", "").trim();
            toc.add(new TocEntry(Integer.parseInt(m.group(1)), id.find() ? unescape(id.group(1)) : null, text));
        }
        return toc;
    }

    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String replacement = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "nbsp" -> " ";
                default -> {
                    int code = e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                    yield Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : "";
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}

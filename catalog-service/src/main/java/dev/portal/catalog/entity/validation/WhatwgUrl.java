package dev.portal.catalog.entity.validation;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether JavaScript's {@code new URL(input)} (the WHATWG URL parser, with no base URL) would succeed, which is
 * Backstage's {@code isValidUrl}. {@link java.net.URI} is both stricter (it rejects spaces in paths, which the WHATWG
 * parser percent-encodes) and looser (it accepts relative references and empty hosts), so the failure cases of the
 * WHATWG parser are followed here instead:
 * <ul>
 *   <li>no scheme ({@code ^[A-Za-z][A-Za-z0-9+.-]*:}) — relative references such as {@code /docs} or {@code docs.html};</li>
 *   <li>special schemes (http, https, ws, wss, ftp): an empty host, a host with a forbidden code point (space,
 *       {@code # % / : < > ? @ [ \ ] ^ |}, controls), a bad IPv4 or IPv6 address, a host that IDNA rejects, or a
 *       port that is not a number up to 65535;</li>
 *   <li>{@code file:}: a non-empty host that is not a valid domain;</li>
 *   <li>other schemes with an authority ({@code scheme://...}): a forbidden code point in the host, a bad port, or
 *       credentials/port with an empty host; without an authority (e.g. {@code mailto:a@b.c}) anything goes.</li>
 * </ul>
 * Leading and trailing C0 controls and spaces are ignored and tabs and newlines removed, as the WHATWG parser does.
 */
final class WhatwgUrl {

    private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp");

    private WhatwgUrl() {
    }

    static boolean isValid(String raw) {
        String input = strip(raw);
        int colon = schemeEnd(input);
        if (colon < 0) {
            return false;
        }
        String scheme = input.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = input.substring(colon + 1);

        if (SPECIAL.contains(scheme)) {
            int i = 0;
            while (i < rest.length() && (rest.charAt(i) == '/' || rest.charAt(i) == '\\')) {
                i++;
            }
            String authority = upTo(rest.substring(i), "/\\?#");
            return isValidAuthority(authority, true);
        }
        if (scheme.equals("file")) {
            if (startsWithTwoSlashes(rest, true)) {
                String host = upTo(rest.substring(2), "/\\?#");
                return host.isEmpty() || isValidDomain(host);
            }
            return true;
        }
        if (startsWithTwoSlashes(rest, false)) {
            String authority = upTo(rest.substring(2), "/?#");
            return isValidAuthority(authority, false);
        }
        // opaque path (mailto:, urn:, data:, ...): always parses
        return true;
    }

    private static String strip(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) <= 0x20) {
            start++;
        }
        while (end > start && raw.charAt(end - 1) <= 0x20) {
            end--;
        }
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Index of the ':' that ends a valid scheme, or -1. */
    private static int schemeEnd(String s) {
        if (s.isEmpty() || !isAsciiAlpha(s.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!(isAsciiAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWithTwoSlashes(String s, boolean allowBackslash) {
        return s.length() >= 2 && isSlash(s.charAt(0), allowBackslash) && isSlash(s.charAt(1), allowBackslash);
    }

    private static boolean isSlash(char c, boolean allowBackslash) {
        return c == '/' || (allowBackslash && c == '\\');
    }

    private static String upTo(String s, String delimiters) {
        for (int i = 0; i < s.length(); i++) {
            if (delimiters.indexOf(s.charAt(i)) >= 0) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static boolean isValidAuthority(String authority, boolean special) {
        int at = authority.lastIndexOf('@');
        boolean credentials = at >= 0;
        String hostPort = credentials ? authority.substring(at + 1) : authority;

        String host;
        String port = null;
        int portColon = -1;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return false;
            }
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && after.charAt(0) != ':') {
                return false;
            }
            host = hostPort.substring(0, close + 1);
            if (!after.isEmpty()) {
                portColon = close + 1;
            }
        } else {
            portColon = hostPort.indexOf(':');
            host = portColon >= 0 ? hostPort.substring(0, portColon) : hostPort;
        }
        if (portColon >= 0) {
            port = hostPort.substring(portColon + 1);
            if (!isValidPort(port)) {
                return false;
            }
        }

        if (host.isEmpty()) {
            // special URLs need a host; others may have an empty one, but not with credentials or a port
            return !special && !credentials && (port == null || port.isEmpty());
        }
        if (host.startsWith("[")) {
            return host.endsWith("]") && isValidIpv6(host.substring(1, host.length() - 1));
        }
        return special ? isValidDomain(host) : isValidOpaqueHost(host);
    }

    private static boolean isValidPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        String digits = port.replaceFirst("^0+(?=.)", "");
        return digits.length() <= 5 && Integer.parseInt(digits) <= 65535;
    }

    private static boolean isValidOpaqueHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (isForbiddenHostCodePoint(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidDomain(String host) {
        if (host.startsWith("[")) {
            return host.endsWith("]") && isValidIpv6(host.substring(1, host.length() - 1));
        }
        String domain = percentDecode(host);
        if (domain == null) {
            return false;
        }
        if (!isAscii(domain)) {
            try {
                domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        domain = domain.toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (isForbiddenHostCodePoint(c) || c == '%' || c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        if (endsInANumber(domain)) {
            return isValidIpv4(domain);
        }
        return true;
    }

    private static boolean isForbiddenHostCodePoint(char c) {
        return c == 0 || c == '\t' || c == '\n' || c == '\r' || c == ' ' || c == '#' || c == '/' || c == ':'
                || c == '<' || c == '>' || c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' || c == '^'
                || c == '|';
    }

    /** Percent-decodes as UTF-8; null when the bytes are not valid UTF-8 (the WHATWG parser then fails in IDNA). */
    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        byte[] decoded = out.toByteArray();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(decoded)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean endsInANumber(String domain) {
        String[] parts = domain.split("\\.", -1);
        int last = parts.length - 1;
        if (parts[last].isEmpty()) {
            if (parts.length == 1) {
                return false;
            }
            last--;
        }
        String part = parts[last];
        if (!part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseIpv4Number(part) >= 0;
    }

    private static boolean isValidIpv4(String domain) {
        String[] parts = domain.split("\\.", -1);
        int count = parts.length;
        if (parts[count - 1].isEmpty() && count > 1) {
            count--;
        }
        if (count > 4) {
            return false;
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            long n = parseIpv4Number(parts[i]);
            if (n < 0) {
                return false;
            }
            numbers[i] = n;
        }
        for (int i = 0; i < count - 1; i++) {
            if (numbers[i] > 255) {
                return false;
            }
        }
        return numbers[count - 1] < (1L << (8 * (5 - count)));
    }

    /** An IPv4 part: decimal, 0x-hex or 0-octal; -1 when it is none of these (or absurdly large). */
    private static long parseIpv4Number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return -1;
            }
        }
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 12) {
            return Long.MAX_VALUE / 2;
        }
        return Long.parseLong(trimmed, radix);
    }

    private static boolean isValidIpv6(String address) {
        if (address.isEmpty()) {
            return false;
        }
        String body = address;
        int groupsAllowed = 8;
        int lastColon = body.lastIndexOf(':');
        String tail = lastColon >= 0 ? body.substring(lastColon + 1) : body;
        if (tail.contains(".")) {
            if (!isStrictDottedIpv4(tail)) {
                return false;
            }
            body = body.substring(0, lastColon + 1) + "0";
            groupsAllowed = 7;
        }
        int doubleColon = body.indexOf("::");
        if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups;
        int present;
        if (doubleColon >= 0) {
            String left = body.substring(0, doubleColon);
            String right = body.substring(doubleColon + 2);
            String[] l = left.isEmpty() ? new String[0] : left.split(":", -1);
            String[] r = right.isEmpty() ? new String[0] : right.split(":", -1);
            present = l.length + r.length;
            if (present > groupsAllowed - 1) {
                return false;
            }
            groups = concat(l, r);
        } else {
            groups = body.split(":", -1);
            present = groups.length;
            if (present != groupsAllowed) {
                return false;
            }
        }
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return false;
            }
            for (int i = 0; i < g.length(); i++) {
                if (!isHex((byte) g.charAt(i)) || g.charAt(i) > 0x7F) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isStrictDottedIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}

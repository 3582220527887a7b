package dev.portal.gateway.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

public final class EntityApiSupport {

    private EntityApiSupport() {
    }

    /** URL-encodes a query value or path segment (spaces as %20). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The error for a malformed entity ref; a long one is cut, so an error never echoes a huge input back. */
    public static String badRef(String ref) {
        String shown = ref.length() <= 200 ? ref : ref.substring(0, 200) + "… (" + ref.length() + " characters)";
        return "Entity reference \"" + shown + "\" was not on the form [<kind>:][<namespace>/]<name>";
    }
}

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
}

package dev.portal.gateway.schema;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Global IDs: base64url of {@code <Type>:<key>}, e.g. {@code Entity:component:default/payments-api-service}. */
public final class GlobalId {

    private GlobalId() {
    }

    public static String of(String type, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((type + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** {type, key}, or null when the id is not one of ours. */
    public static String[] parse(String id) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

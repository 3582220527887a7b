package dev.portal.search.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.ws.rs.BadRequestException;

/**
 * Backstage's page cursor: the page number (0-based) as base64 text, e.g. {@code "MQ=="} is page 1. Opaque to
 * clients; anything that does not decode to a non-negative page number is an InputError.
 */
public final class PageCursor {

    private PageCursor() {
    }

    public static String encode(int page) {
        return Base64.getEncoder().encodeToString(Integer.toString(page).getBytes(StandardCharsets.UTF_8));
    }

    /** The page a cursor names; a null or empty cursor is the first page. */
    public static int decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        String text;
        try {
            // Like Node's Buffer.from(cursor, 'base64'): padding optional, URL-safe alphabet accepted.
            String standard = cursor.trim().replace('-', '+').replace('_', '/');
            text = new String(Base64.getDecoder().decode(standard + "=".repeat((4 - standard.length() % 4) % 4)),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(cursor);
        }
        if (!text.matches("\\d{1,9}")) {
            throw invalid(cursor);
        }
        return Integer.parseInt(text);
    }

    private static BadRequestException invalid(String cursor) {
        String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor;
        return new BadRequestException("Invalid pageCursor \"" + shown + "\": use a cursor from a previous response");
    }
}

package dev.portal.techdocs.api;

import jakarta.ws.rs.BadRequestException;

import dev.portal.events.EntityRef;
import dev.portal.techdocs.build.SitePaths;

/** Entity refs and site paths from request paths, refusing malformed ones with 400. */
final class EntityPaths {

    private EntityPaths() {
    }

    static String ref(String namespace, String kind, String name) {
        try {
            return EntityRef.of(kind, namespace, name).canonical();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Invalid entity reference: " + e.getMessage());
        }
    }

    /** A site path from a request ({@code ..}, backslashes and NUL refused with 400); null or "" is the home page. */
    static String sitePath(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (SitePaths.isTraversal(path) || SitePaths.isTraversal(SitePaths.decode(path))) {
            throw new BadRequestException("Invalid path '" + path + "': '..' segments are not allowed");
        }
        String normalised = SitePaths.normalise(path.startsWith("/") ? path.substring(1) : path);
        if (normalised == null) {
            throw new BadRequestException("Invalid path '" + path + "'");
        }
        return normalised;
    }
}

package dev.portal.techdocs.build;

import java.util.Optional;

/** What a site holds, for resolving links: its pages and its other files, by path. */
public interface LinkTarget {

    /** The served path of the page a resolved (normalised) link path names, if any. */
    Optional<String> page(String path);

    /** Whether the resolved path is a file (image, download…) of the site. */
    boolean asset(String path);
}

package dev.portal.techdocs.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** techdocs-service settings (environment: see application.properties). */
@ConfigMapping(prefix = "portal.techdocs")
public interface TechDocsConfig {

    Reading reading();

    Limits limits();

    Links links();

    Cache cache();

    /**
     * Where {@code file:} docs may be read from (directories; a docs source outside every one is refused). Empty: no
     * file-system docs at all.
     */
    Optional<List<String>> fileRoots();

    /**
     * How often every locally built site's source is fetched and hashed again, so docs edited without a catalog change
     * are rebuilt (only when their content hash changed). Zero turns it off.
     */
    @WithDefault("PT1M")
    Duration refreshInterval();

    /** Largest {@code built} event value (JSON bytes); page texts are shortened to fit (Kafka's default is 1 MB). */
    @WithDefault("900000")
    int maxEventBytes();

    /** Same rules as the catalog's {@code portal.catalog.reading} (dev.portal.events.fetch.GuardedHttpFetcher). */
    interface Reading {
        Optional<List<String>> allow();

        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** Largest single file read over HTTP. */
        @WithDefault("5000000")
        int maxBytes();

        @WithDefault("PT15S")
        Duration timeout();
    }

    interface Limits {
        /** Largest Markdown page or HTML page of an uploaded site. */
        @WithDefault("1000000")
        int maxPageBytes();

        /** Largest docs source or site in total (all files). */
        @WithDefault("50000000")
        long maxSiteBytes();

        /** Largest uploaded archive (compressed). */
        @WithDefault("50000000")
        long maxArchiveBytes();

        /** Most files in a docs source or archive. */
        @WithDefault("5000")
        int maxFiles();
    }

    /** Served files kept in memory (dev.portal.techdocs.site.ServedFileCache). */
    interface Cache {
        /** Most memory the cached files may take (bodies plus a small overhead per file); 0 turns caching off. */
        @WithDefault("64M")
        MemorySize maxBytes();
    }

    /** Where rewritten links point: pages to the reader, images and other files to the static route. */
    interface Links {
        /** Base of a page link: {@code <page-base>/<namespace>/<kind>/<name>/<page path>} (Backstage's reader route). */
        @WithDefault("/docs")
        String pageBase();

        /** Base of an asset link: {@code <asset-base>/<namespace>/<kind>/<name>/<file path>}. */
        @WithDefault("/api/techdocs/static/docs")
        String assetBase();
    }
}

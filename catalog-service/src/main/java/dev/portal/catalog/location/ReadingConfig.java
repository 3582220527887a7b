package dev.portal.catalog.location;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the catalog may read, and how often (Backstage's {@code backend.reading.allow} and refresh loop). URL
 * locations are fetched only from allowed hosts, and never from loopback, link-local or private addresses unless
 * {@code allow-private-addresses} says so: a location must not become a way into the internal network. File
 * locations are read only inside {@code file-roots}: a location must not become a way into the service's disk.
 */
@ConfigMapping(prefix = "portal.catalog")
public interface ReadingConfig {

    Reading reading();

    /** How often every location is read again (unchanged files cost one conditional request each). */
    @WithDefault("PT2M")
    Duration refreshInterval();

    /** What becomes of an entity its location no longer emits: {@code keep} (as an orphan) or {@code delete}. */
    @WithDefault("keep")
    String orphanStrategy();

    /**
     * Serve relations with Backstage's legacy compound {@code target} beside {@code targetRef}, as Backstage does unless
     * {@code catalog.disableRelationsCompatibility} is set. Off, served entities are about a quarter smaller; a change
     * of the setting re-stitches every entity once ({@code ServedFormSetting}).
     */
    @WithDefault("true")
    boolean relationsCompatibility();

    /** Locations registered from configuration, as {@code type:target} (e.g. the demo catalog); not removable. */
    Optional<List<String>> staticLocations();

    Rules rules();

    /**
     * Backstage's {@code catalog.rules}: the kinds a location may emit unless it is static or a portal-admin
     * registered it. Not Group or User by default: their memberships and parents decide who owns what, so anyone
     * could otherwise register a file that makes them a member of a team and then delete what the team owns.
     */
    interface Rules {
        @WithDefault("Component,API,Resource,System,Domain,Location,Template")
        List<String> allow();
    }

    interface Reading {
        /** Hosts URL locations may be read from: {@code host}, {@code host:port} or {@code *.domain}. */
        Optional<List<String>> allow();

        @WithDefault("false")
        boolean allowPrivateAddresses();

        /**
         * Folders {@code file} locations may be read from (with every file they name); a file outside all of them,
         * or led out of them by {@code ..} or a link, is refused. Empty: no file locations.
         */
        Optional<List<String>> fileRoots();

        /** Largest file read, in bytes. */
        @WithDefault("5000000")
        int maxBytes();

        @WithDefault("PT15S")
        Duration timeout();
    }
}

package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.portal.events.fetch.FetchException;
import dev.portal.events.fetch.FileRoots;
import dev.portal.events.fetch.GuardedHttpFetcher;

/**
 * Reads catalog files: from the file system for {@code file} locations, inside the configured roots only; over
 * HTTP(S) for {@code url} ones, from allowed hosts only, never from internal addresses unless allowed. Within size
 * and time limits, with conditional requests so an unchanged file costs one 304 and is not parsed again.
 */
@ApplicationScoped
public class CatalogFileFetcher {

    /** What is known of a file from its last read. */
    public record FileState(String etag, String lastModified, String contentHash) {
        static final FileState NONE = new FileState(null, null, null);
    }

    /**
     * A file as read now; {@code bytes} is null when it did not change since {@code previous}. Kept as bytes and
     * decoded while parsed: a large file is then held once, not also as a String.
     */
    public record Fetched(byte[] bytes, FileState state) {
        public boolean unchanged() {
            return bytes == null;
        }

        public String content() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The content as characters, malformed UTF-8 replaced as {@link #content()} does. */
        public Reader reader() {
            return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
        }
    }

    private final ReadingConfig.Reading config;
    /** The SSRF guard and HTTP reading, shared with techdocs (dev.portal.events.fetch). */
    private final GuardedHttpFetcher http;
    /** Where file locations may be read from (dev.portal.events.fetch, shared with techdocs). */
    private final FileRoots fileRoots;

    public CatalogFileFetcher(ReadingConfig config) {
        this.config = config.reading();
        this.http = new GuardedHttpFetcher(this.config.allow().orElse(List.of()), this.config.allowPrivateAddresses(),
                this.config.maxBytes(), this.config.timeout(), "portal.catalog.reading");
        this.fileRoots = new FileRoots(this.config.fileRoots().orElse(List.of()), "portal.catalog.reading.file-roots");
    }

    public Fetched fetch(String type, String target, FileState previous) {
        return switch (type) {
            case "file" -> fetchFile(target, previous);
            case "url" -> fetchUrl(target, previous == null ? FileState.NONE : previous);
            default -> throw new LocationReadException("Unknown location type '" + type + "', expected url or file");
        };
    }

    private Fetched fetchFile(String target, FileState previous) {
        Path path = pathOf(target);
        try {
            path = fileRoots.resolveInside(path);
        } catch (FetchException e) {
            throw new LocationReadException(e.notFound() ? "NotFoundError: " + path + " does not exist" : e.getMessage());
        }
        try {
            if (!Files.isRegularFile(path)) {
                throw new LocationReadException("NotFoundError: " + path + " does not exist");
            }
            if (Files.size(path) > config.maxBytes()) {
                throw new LocationReadException(path + " is larger than " + config.maxBytes() + " bytes");
            }
            byte[] bytes = Files.readAllBytes(path);
            return changedOrNot(bytes, null, null, previous);
        } catch (IOException e) {
            throw new LocationReadException("Could not read " + path + ": " + e.getMessage());
        }
    }

    private Fetched fetchUrl(String target, FileState previous) {
        GuardedHttpFetcher.Response response;
        try {
            response = http.get(URI.create(target), previous.etag(), previous.lastModified());
        } catch (FetchException e) {
            throw new LocationReadException(e.getMessage());
        }
        if (response.notModified()) {
            return new Fetched(null, previous);
        }
        return changedOrNot(response.body(), response.etag(), response.lastModified(), previous);
    }

    /** Whether a location of this type and target may be read at all (before anything is read). */
    void checkAllowed(String type, String target) {
        if (type.equals("file")) {
            try {
                fileRoots.checkInside(pathOf(target));
            } catch (FetchException | IllegalArgumentException e) {
                throw new LocationReadException(e.getMessage());
            }
        } else {
            checkAllowed(URI.create(target));
        }
    }

    private static Path pathOf(String fileTarget) {
        return Path.of(fileTarget.startsWith("file:") ? URI.create(fileTarget).getPath() : fileTarget);
    }

    /** The SSRF guard: an allowed host, an http(s) scheme, and (unless allowed) no internal address behind it. */
    void checkAllowed(URI uri) {
        try {
            http.checkAllowed(uri);
        } catch (FetchException e) {
            throw new LocationReadException(e.getMessage());
        }
    }

    private static Fetched changedOrNot(byte[] bytes, String etag, String lastModified, FileState previous) {
        String hash = sha256(bytes);
        FileState state = new FileState(etag, lastModified, hash);
        if (previous != null && hash.equals(previous.contentHash())) {
            return new Fetched(null, state);
        }
        return new Fetched(bytes, state);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

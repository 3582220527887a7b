package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
     * A file as read now, unless it did not change since {@code previous}. Its content is decoded as it is parsed,
     * never held as a String: a URL's body stays in memory as bytes (up to {@code max-bytes}); a local file is read
     * again from the disk for each pass, so even a large one takes no memory of its own.
     */
    public static final class Fetched {
        private final byte[] bytes;
        private final Path file;
        private final long size;
        private final FileState state;

        private Fetched(byte[] bytes, Path file, long size, FileState state) {
            this.bytes = bytes;
            this.file = file;
            this.size = size;
            this.state = state;
        }

        static Fetched unchanged(FileState state) {
            return new Fetched(null, null, 0, state);
        }

        public FileState state() {
            return state;
        }

        public boolean unchanged() {
            return bytes == null && file == null;
        }

        /** Bytes of content. */
        public long size() {
            return size;
        }

        /** The content as characters (malformed UTF-8 replaced by U+FFFD); the caller closes it. */
        public Reader reader() {
            try {
                InputStream in = file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
                return new InputStreamReader(in, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LocationReadException("Could not read " + file + ": " + e.getMessage());
            }
        }

        public String content() {
            try (Reader reader = reader()) {
                StringWriter text = new StringWriter();
                reader.transferTo(text);
                return text.toString();
            } catch (IOException e) {
                throw new LocationReadException("Could not read " + file + ": " + e.getMessage());
            }
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
            String hash;
            try (InputStream in = Files.newInputStream(path)) {
                hash = sha256(in);
            }
            if (previous != null && hash.equals(previous.contentHash())) {
                return Fetched.unchanged(new FileState(null, null, hash));
            }
            return new Fetched(null, path, Files.size(path), new FileState(null, null, hash));
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
            return Fetched.unchanged(previous);
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
        FileState state;
        try {
            state = new FileState(etag, lastModified, sha256(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from an in-memory stream
        }
        if (previous != null && state.contentHash().equals(previous.contentHash())) {
            return Fetched.unchanged(state);
        }
        return new Fetched(bytes, null, bytes.length, state);
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

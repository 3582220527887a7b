package dev.portal.catalog.location;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads catalog files: from the file system for {@code file} locations, over HTTP(S) for {@code url} ones — from
 * allowed hosts only, never from internal addresses unless allowed, within size and time limits, with conditional
 * requests so an unchanged file costs one 304 and is not parsed again.
 */
@ApplicationScoped
public class CatalogFileFetcher {

    /** What is known of a file from its last read. */
    public record FileState(String etag, String lastModified, String contentHash) {
        static final FileState NONE = new FileState(null, null, null);
    }

    /** A file as read now; {@code content} is null when it did not change since {@code previous}. */
    public record Fetched(String content, FileState state) {
        public boolean unchanged() {
            return content == null;
        }
    }

    private static final int MAX_REDIRECTS = 3;

    private final ReadingConfig.Reading config;
    private final HttpClient http;

    public CatalogFileFetcher(ReadingConfig config) {
        this.config = config.reading();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.timeout()).build();
    }

    public Fetched fetch(String type, String target, FileState previous) {
        return switch (type) {
            case "file" -> fetchFile(target, previous);
            case "url" -> fetchUrl(target, previous == null ? FileState.NONE : previous);
            default -> throw new LocationReadException("Unknown location type '" + type + "', expected url or file");
        };
    }

    private Fetched fetchFile(String target, FileState previous) {
        Path path = Path.of(target.startsWith("file:") ? URI.create(target).getPath() : target);
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
        URI uri = URI.create(target);
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            checkAllowed(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET();
            if (previous.etag() != null) {
                request.header("If-None-Match", previous.etag());
            }
            if (previous.lastModified() != null) {
                request.header("If-Modified-Since", previous.lastModified());
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new LocationReadException("Could not fetch " + uri + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocationReadException("Interrupted while fetching " + uri);
            }
            int status = response.statusCode();
            if (status == 304) {
                close(response);
                return new Fetched(null, previous);
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                close(response);
                uri = uri.resolve(response.headers().firstValue("Location").get()); // checked again by the loop
                continue;
            }
            if (status != 200) {
                close(response);
                throw new LocationReadException((status == 404 ? "NotFoundError: " : "") + uri + " answered HTTP " + status);
            }
            byte[] body = readLimited(response, uri);
            return changedOrNot(body, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), previous);
        }
        throw new LocationReadException("Too many redirects from " + target);
    }

    /** The SSRF guard: an allowed host, an http(s) scheme, and (unless allowed) no internal address behind it. */
    void checkAllowed(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new LocationReadException("Only http and https URLs can be read, not " + uri);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        List<String> allowed = config.allow().orElse(List.of());
        boolean hostAllowed = allowed.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).anyMatch(a ->
                a.equals(host) || a.equals(host + ":" + port) || (a.startsWith("*.") && host.endsWith(a.substring(1))));
        if (!hostAllowed) {
            throw new LocationReadException("Reading from " + host + " is not allowed; allowed hosts: " + allowed
                    + " (portal.catalog.reading.allow)");
        }
        if (config.allowPrivateAddresses()) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                        || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocalV6(address)) {
                    throw new LocationReadException("Reading from " + host + " is not allowed: it resolves to the "
                            + "internal address " + address.getHostAddress()
                            + " (portal.catalog.reading.allow-private-addresses)");
                }
            }
        } catch (UnknownHostException e) {
            throw new LocationReadException("Unknown host " + host);
        }
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private byte[] readLimited(HttpResponse<InputStream> response, URI uri) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(config.maxBytes() + 1);
            if (bytes.length > config.maxBytes()) {
                throw new LocationReadException(uri + " is larger than " + config.maxBytes() + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new LocationReadException("Could not read " + uri + ": " + e);
        }
    }

    private static Fetched changedOrNot(byte[] bytes, String etag, String lastModified, FileState previous) {
        String hash = sha256(bytes);
        FileState state = new FileState(etag, lastModified, hash);
        if (previous != null && hash.equals(previous.contentHash())) {
            return new Fetched(null, state);
        }
        return new Fetched(new String(bytes, StandardCharsets.UTF_8), state);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}

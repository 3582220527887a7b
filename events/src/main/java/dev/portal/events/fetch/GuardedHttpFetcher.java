package dev.portal.events.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads files over HTTP(S) the way every Portal service that reads user-named URLs must (Backstage's
 * {@code backend.reading.allow}): from allowed hosts only ({@code host}, {@code host:port} or {@code *.domain}), never
 * from loopback, link-local, private or other internal addresses unless allowed, following at most 3 redirects (each
 * checked again), within a size and a time limit, with conditional requests ({@code If-None-Match},
 * {@code If-Modified-Since}) so an unchanged file costs one 304.
 *
 * <p>Plain Java, no CDI: each service wraps it with its own configuration keys (catalog: {@code portal.catalog.reading},
 * techdocs: {@code portal.techdocs.reading}), which {@code configKey} names in refusals.
 */
public final class GuardedHttpFetcher {

    /** What the server said: {@code body} is null when it answered 304 Not Modified. */
    public record Response(URI uri, byte[] body, String etag, String lastModified) {
        public boolean notModified() {
            return body == null;
        }
    }

    private static final int MAX_REDIRECTS = 3;

    private final List<String> allow;
    private final boolean allowPrivateAddresses;
    private final long maxBytes;
    private final Duration timeout;
    private final String configKey;
    private final HttpClient http;

    /**
     * @param allow                  allowed hosts: {@code host}, {@code host:port} or {@code *.domain}
     * @param allowPrivateAddresses  whether hosts resolving to internal addresses may be read (tests, closed networks)
     * @param maxBytes               largest body read
     * @param timeout                connect and request timeout
     * @param configKey              the configuration prefix named in refusals, e.g. {@code portal.catalog.reading}
     */
    public GuardedHttpFetcher(List<String> allow, boolean allowPrivateAddresses, long maxBytes, Duration timeout,
                              String configKey) {
        this.allow = List.copyOf(allow);
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.maxBytes = maxBytes;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.configKey = configKey;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** GET {@code uri}; {@code etag}/{@code lastModified} (either may be null) make the request conditional. */
    public Response get(URI uri, String etag, String lastModified) {
        URI current = uri;
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            checkAllowed(current);
            HttpRequest.Builder request = HttpRequest.newBuilder(current).timeout(timeout).GET();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<InputStream> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchException("Could not fetch " + current + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException("Interrupted while fetching " + current);
            }
            int status = response.statusCode();
            if (status == 304) {
                close(response);
                return new Response(current, null, etag, lastModified);
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                close(response);
                current = current.resolve(response.headers().firstValue("Location").get()); // checked again by the loop
                continue;
            }
            if (status != 200) {
                close(response);
                throw new FetchException((status == 404 ? "NotFoundError: " : "") + current + " answered HTTP " + status,
                        status == 404);
            }
            byte[] body = readLimited(response, current);
            return new Response(current, body, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        }
        throw new FetchException("Too many redirects from " + uri);
    }

    /** The SSRF guard: an allowed host, an http(s) scheme, and (unless allowed) no internal address behind it. */
    public void checkAllowed(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("Only http and https URLs can be read, not " + uri);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        boolean hostAllowed = allow.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).anyMatch(a ->
                a.equals(host) || a.equals(host + ":" + port) || (a.startsWith("*.") && host.endsWith(a.substring(1))));
        if (!hostAllowed) {
            throw new FetchException("Reading from " + host + " is not allowed; allowed hosts: " + allow
                    + " (" + configKey + ".allow)");
        }
        if (allowPrivateAddresses) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isInternal(address)) {
                    throw new FetchException("Reading from " + host + " is not allowed: it resolves to the "
                            + "internal address " + address.getHostAddress() + " (" + configKey
                            + ".allow-private-addresses)");
                }
            }
        } catch (UnknownHostException e) {
            throw new FetchException("Unknown host " + host);
        }
    }

    /** Loopback, link-local (cloud metadata), site-local, wildcard, multicast or IPv6 unique-local. */
    public static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocalV6(address);
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }

    private byte[] readLimited(HttpResponse<InputStream> response, URI uri) {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new FetchException(uri + " is larger than " + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new FetchException("Could not read " + uri + ": " + e);
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

package dev.portal.events.fetch;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads files over HTTP(S) the way every Portal service that reads user-named URLs must (Backstage's
 * {@code backend.reading.allow}): from allowed hosts only ({@code host}, {@code host:port} or {@code *.domain}), never
 * from loopback, link-local, private or other internal addresses unless allowed, following at most 3 redirects (each
 * checked again), within a size limit and a time limit for the whole answer, with conditional requests ({@code If-None-Match},
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
     * @param timeout                the time limit of each request, from connecting to the last byte of the answer
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
            HttpResponse<byte[]> response = exchange(request.build(), current);
            int status = response.statusCode();
            if (status == 304) {
                return new Response(current, null, etag, lastModified);
            }
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                current = current.resolve(response.headers().firstValue("Location").get()); // checked again by the loop
                continue;
            }
            if (status != 200) {
                throw new FetchException((status == 404 ? "NotFoundError: " : "") + current + " answered HTTP " + status,
                        status == 404);
            }
            return new Response(current, response.body(), response.headers().firstValue("ETag").orElse(null),
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

    /**
     * Loopback, link-local (cloud metadata), site-local, wildcard, multicast, IPv6 unique-local, or carrier-grade NAT
     * space (100.64.0.0/10, RFC 6598: internal in many clouds' and Kubernetes networks).
     */
    public static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocalV6(address)
                || isSharedAddressSpace(address);
    }

    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private static boolean isUniqueLocalV6(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }

    /**
     * One request and its whole answer within the time limit: the client's own request timeout ends at the headers,
     * so a server that sends its body slowly would otherwise hold the reading thread (the catalog's refresh loop reads
     * every location on one) as long as it likes. Only a 200's body is kept, and only up to the size limit.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, URI uri) {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, answer -> answer.statusCode() == 200
                ? new LimitedBody(maxBytes, uri) : HttpResponse.BodySubscribers.replacing(null));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FetchException("Could not fetch " + uri + ": no whole answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FetchException refused) {
                throw refused;
            }
            throw new FetchException("Could not fetch " + uri + ": " + e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("Interrupted while fetching " + uri);
        }
    }

    /** A body collected up to {@code max} bytes; one byte more ends the exchange with a refusal. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long max;
        private final URI uri;
        private Flow.Subscription subscription;

        LimitedBody(long max, URI uri) {
            this.max = max;
            this.uri = uri;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > max) {
                subscription.cancel();
                body.completeExceptionally(new FetchException(uri + " is larger than " + max + " bytes"));
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}

package dev.portal.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection, used by one load client at a time: a blocking socket, the request written in
 * one piece, the whole answer read (Content-Length or chunked) before the call returns. The JDK's HttpClient cost
 * the tool 0.4–0.6 ms of CPU per request (its selector thread, futures and hand-offs between threads), as much as
 * the service it measured on the same two cores; this costs a few microseconds plus the system calls, so the
 * cores go to the service. Latency is still the full round trip: request sent, answer received to its last byte.
 */
final class HttpConnection implements Closeable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 300_000;

    private final String host;
    private final int port;
    private final String basePath;
    private final String hostHeader;
    private final CatalogClient credentials;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] buffer = new byte[64 * 1024];

    HttpConnection(String baseUrl, CatalogClient credentials) {
        URI base = URI.create(baseUrl);
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("the load client speaks plain http only: " + baseUrl);
        }
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        this.hostHeader = host + ":" + port;
        this.credentials = credentials;
    }

    byte[] get(String pathAndQuery) throws IOException, InterruptedException {
        return exchange("GET", pathAndQuery, null);
    }

    byte[] post(String path, byte[] json) throws IOException, InterruptedException {
        return exchange("POST", path, json);
    }

    private byte[] exchange(String method, String pathAndQuery, byte[] body) throws IOException, InterruptedException {
        StringBuilder head = new StringBuilder(512).append(method).append(' ').append(basePath).append(pathAndQuery)
                .append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nAccept: application/json\r\nAuthorization: ").append(credentials.authorization());
        if (body != null) {
            head.append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length);
        }
        byte[] headBytes = head.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = body == null ? headBytes : concat(headBytes, body);
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            return readResponse(method + " " + pathAndQuery);
        } catch (IOException | RuntimeException e) {
            close(); // the next call starts on a fresh connection
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private byte[] readResponse(String label) throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 answer to " + label + ": " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] answer;
        if (chunked) {
            answer = readChunked();
        } else if (contentLength >= 0) {
            answer = readExactly((int) contentLength);
        } else {
            throw new IOException("answer to " + label + " has neither Content-Length nor chunked encoding");
        }
        if (close) {
            close();
        }
        if (status / 100 != 2) {
            throw new CatalogClient.HttpError(label, status, answer);
        }
        return answer;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine().isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(bytes, read, length - read);
            if (n < 0) {
                throw new IOException("connection closed after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return bytes;
    }

    /** One header line without its CRLF (ISO-8859-1, as header bytes are). */
    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b == '\n') {
                int end = n > 0 && buffer[n - 1] == '\r' ? n - 1 : n;
                return new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n == buffer.length) {
                buffer = Arrays.copyOf(buffer, n * 2);
            }
            buffer[n++] = (byte) b;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}

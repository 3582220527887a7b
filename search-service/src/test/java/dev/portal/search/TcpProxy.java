package dev.portal.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback TCP forwarder that can be taken down (its port refuses connections and open ones are cut, as when the
 * server behind it stops) and brought up again on the same port: an outage of a shared server without stopping it.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket server;
    private int port;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isUp() {
        return server != null;
    }

    /**
     * Listens (again) on its port. The first call picks a free port below the kernel's ephemeral range (32768 and up on
     * Linux), so no outgoing connection can take the port while the proxy is down and keep it from coming back.
     */
    public synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket socket = port == 0 ? bindFreeLowPort() : bind(port);
        port = socket.getLocalPort();
        server = socket;
        threads.submit(() -> accept(socket));
    }

    private static ServerSocket bindFreeLowPort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return bind(20_000 + ThreadLocalRandom.current().nextInt(12_000));
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw last;
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** Stops listening and cuts every open connection. */
    public synchronized void down() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        down();
        threads.shutdownNow();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // closed by down()
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                threads.submit(() -> pump(client, upstream));
                threads.submit(() -> pump(upstream, client));
            } catch (IOException e) {
                closeQuietly(client); // the target refused: the client sees its connection end, not a hang
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}

package dev.portal.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nothing listens on: for tests of how services behave when a dependency is down. */
public final class ClosedPort {

    private ClosedPort() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort(); // closed again on return: free, and unlikely to be taken in the test's time
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

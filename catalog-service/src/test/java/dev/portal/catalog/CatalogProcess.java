package dev.portal.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged catalog ({@code target/quarkus-app/quarkus-run.jar}, built in the {@code package} phase) running as a
 * child process, as {@code ./portal up} runs it: configuration as {@code -Dkey=value}, output to a log file. For tests
 * that must kill the real process, which a {@code @QuarkusTest} cannot.
 */
final class CatalogProcess implements AutoCloseable {

    /** 128 + 9: how a JVM killed by SIGKILL exits. */
    static final int SIGKILL_EXIT = 137;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private CatalogProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The packaged application; fails with what to run when it was not built. */
    static Path jar() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run this test through 'mvn verify' (failsafe, after "
                    + "the package phase), e.g. ./mvnw -pl catalog-service verify -Dit.test=CatalogCrashIT");
        }
        return jar;
    }

    /** A loopback port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code java -jar quarkus-run.jar} with {@code config} as system properties and the HTTP port, on loopback.
     * The environment's {@code PORTAL_*} and {@code QUARKUS_*} variables are not passed on, so only {@code config}
     * decides (no demo catalog from {@code PORTAL_STATIC_LOCATIONS}, no other schema or topic prefix).
     */
    static CatalogProcess start(Map<String, String> config, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-jar");
        command.add(jar().toString());
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PORTAL_") || name.startsWith("QUARKUS_"));
        return new CatalogProcess(builder.start(), port, log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if it does not, or the process dies. */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the catalog (pid " + pid() + ") exited with " + process.exitValue()
                        + " before it was ready; its log " + log + " ends with:\n" + logTail(40));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return Duration.between(start, Instant.now());
                }
                last = "HTTP " + ready.statusCode() + " " + ready.body();
            } catch (ConnectException e) {
                last = "not listening yet";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the catalog (pid " + pid() + ") was not ready within " + timeout.toSeconds()
                + " s (last: " + last + "); its log " + log + " ends with:\n" + logTail(40));
    }

    /**
     * Kills the process with SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no flush, no
     * commit runs. Returns its exit code once it is gone.
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the catalog (pid " + pid() + ") was still alive 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** The last lines of the process's output, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * Stops the process if it still runs: SIGTERM first, so its Kafka consumer leaves the group (which can then be
     * deleted), SIGKILL if it is not gone within 20 s.
     */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}

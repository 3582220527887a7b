package dev.portal.techdocs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.portal.techdocs.build.DocsSource;

/** Docs sets of src/test/resources/docs and the demo catalog, read as a docs source. */
public final class TestDocs {

    private TestDocs() {
    }

    public static Path dir(String name) {
        return Path.of("src/test/resources/docs", name).toAbsolutePath();
    }

    public static Path demoRoot() {
        return Path.of(System.getProperty("portal.root", "..")).resolve("deploy/demo").toAbsolutePath().normalize();
    }

    public static DocsSource source(String name) {
        return read(dir(name));
    }

    public static DocsSource read(Path root) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(file)) {
                    files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DocsSource.of(files);
    }
}

package dev.portal.events.fetch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a service may read local files from (catalog {@code file} locations, TechDocs {@code file:} docs).
 * A path is readable only when it lies inside one of them both as written and once every link is resolved, so
 * neither {@code ..} nor a symbolic link leads out. No roots: no local file is readable. The refusal names the
 * setting, never the roots or whether the file exists: a caller must not learn the file system through it.
 */
public final class FileRoots {

    private final List<String> configured;
    private final String property;

    /**
     * @param roots    the configured folders (blank entries ignored; a folder that does not exist allows nothing)
     * @param property the setting that lists them, named in refusals (e.g. {@code portal.catalog.reading.file-roots})
     */
    public FileRoots(List<String> roots, String property) {
        this.configured = roots.stream().map(String::trim).filter(root -> !root.isEmpty()).toList();
        this.property = property;
    }

    /** Refuses {@code path} unless it is inside a root as written (without touching the file system beyond the roots). */
    public void checkInside(Path path) {
        rootOf(path);
    }

    /**
     * The real path of {@code path} (links resolved), when both it and that real path are inside the same root.
     *
     * @throws FetchException when it is outside every root, leads out through a link, or does not exist
     */
    public Path resolveInside(Path path) {
        Path root = rootOf(path);
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new FetchException(path + " does not exist", true);
        }
        if (!real.startsWith(root)) {
            throw refused(path);
        }
        return real;
    }

    /** The real path of the root {@code path} lies in as written; links inside it are checked by the caller. */
    private Path rootOf(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path[] root : roots()) {
            if (absolute.startsWith(root[0]) || absolute.startsWith(root[1])) {
                return root[1];
            }
        }
        throw refused(path);
    }

    /** Each existing root as {written (absolute, normalised), real}; read each time so a root created later counts. */
    private List<Path[]> roots() {
        List<Path[]> roots = new ArrayList<>();
        for (String root : configured) {
            Path written = Path.of(root).toAbsolutePath().normalize();
            try {
                roots.add(new Path[] {written, written.toRealPath()});
            } catch (IOException e) {
                // a configured root that does not exist allows nothing
            }
        }
        return roots;
    }

    private FetchException refused(Path path) {
        return new FetchException("Reading " + path + " is not allowed: it is outside the folders local files may be"
                + " read from (" + property + ")");
    }
}

package dev.portal.techdocs.source;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.portal.events.fetch.FetchException;
import dev.portal.events.fetch.FileRoots;
import dev.portal.events.fetch.GuardedHttpFetcher;
import dev.portal.techdocs.build.BuildException;
import dev.portal.techdocs.build.DocsSource;
import dev.portal.techdocs.build.MkDocsConfig;
import dev.portal.techdocs.build.SitePaths;
import dev.portal.techdocs.config.TechDocsConfig;
import dev.portal.techdocs.upload.ArchiveException;
import dev.portal.techdocs.upload.TarGzArchive;

/**
 * Fetches a docs source: {@code mkdocs.yml} and everything under its {@code docs_dir}. From the file system only
 * inside the configured roots ({@code portal.techdocs.file-roots}), never following links out; over HTTP through the
 * catalog's SSRF guard (allowed hosts, no internal addresses, size and time limits — {@code portal.techdocs.reading},
 * {@link GuardedHttpFetcher}). A directory URL cannot be listed, so its pages are found by following {@code nav} and
 * the relative links and images of each page; an archive URL is unpacked with the upload's zip-slip checks.
 */
@ApplicationScoped
public class DocsSourceFetcher {

    private static final Pattern MD_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)");
    private static final Pattern REF_LINK = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(\\s|$)");
    private static final Pattern HTML_LINK = Pattern.compile("(?i)(?:src|href)\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

    private final TechDocsConfig config;
    private final GuardedHttpFetcher http;
    private final FileRoots fileRoots;

    public DocsSourceFetcher(TechDocsConfig config) {
        this.config = config;
        TechDocsConfig.Reading reading = config.reading();
        this.http = new GuardedHttpFetcher(reading.allow().orElse(List.of()), reading.allowPrivateAddresses(),
                reading.maxBytes(), reading.timeout(), "portal.techdocs.reading");
        this.fileRoots = new FileRoots(config.fileRoots().orElse(List.of()), "portal.techdocs.file-roots");
    }

    public DocsSource fetch(DocsLocation location) {
        return switch (location.type()) {
            case FILE -> fromDirectory(Path.of(location.target()));
            case URL -> fromUrl(location.target());
            case ARCHIVE -> fromArchive(location.target());
        };
    }

    // --- file system ---------------------------------------------------------------------------------------------

    DocsSource fromDirectory(Path dir) {
        Path real;
        try {
            real = fileRoots.resolveInside(dir);
        } catch (FetchException e) {
            throw new BuildException(e.notFound() ? "The docs directory " + dir + " does not exist" : e.getMessage());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path yaml = real.resolve("mkdocs.yml");
        if (!Files.isRegularFile(yaml, LinkOption.NOFOLLOW_LINKS)) {
            yaml = real.resolve("mkdocs.yaml");
        }
        if (!Files.isRegularFile(yaml, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildException("No mkdocs.yml found in " + dir);
        }
        long[] total = {0};
        byte[] yamlBytes = readFile(yaml, total);
        files.put(yaml.getFileName().toString(), yamlBytes);
        String docsDir = docsDir(yamlBytes);
        if (docsDir == null) {
            return DocsSource.of(files); // the builder reports what is wrong with mkdocs.yml
        }
        Path docs = real.resolve(docsDir).normalize();
        if (!docs.startsWith(real) || !Files.isDirectory(docs, LinkOption.NOFOLLOW_LINKS)) {
            throw new BuildException("docs_dir '" + docsDir + "' is not a directory inside " + dir);
        }
        try (Stream<Path> walk = Files.walk(docs, 32, new FileVisitOption[0])) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                Path relative = docs.relativize(file);
                if (hidden(relative) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // .git, .DS_Store, symbolic links (never followed out of the tree)
                }
                if (files.size() >= config.limits().maxFiles()) {
                    throw new BuildException("The docs have more than " + config.limits().maxFiles() + " files");
                }
                files.put(docsDir + "/" + relative.toString().replace('\\', '/'), readFile(file, total));
            }
        } catch (IOException e) {
            throw new BuildException("Could not read the docs in " + dir + ": " + e.getMessage());
        }
        return DocsSource.of(files);
    }

    private byte[] readFile(Path file, long[] total) {
        try {
            long size = Files.size(file);
            if (size > config.limits().maxPageBytes() && SitePaths.isMarkdown(file.toString())) {
                throw new BuildException(file.getFileName() + " is larger than the page limit of "
                        + config.limits().maxPageBytes() + " bytes");
            }
            total[0] += size;
            if (total[0] > config.limits().maxSiteBytes()) {
                throw new BuildException("The docs are larger than " + config.limits().maxSiteBytes() + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BuildException("Could not read " + file + ": " + e.getMessage());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String docsDir(byte[] yaml) {
        try {
            String dir = MkDocsConfig.parse(new String(yaml, StandardCharsets.UTF_8)).docsDir();
            String normalised = SitePaths.normalise(dir);
            if (normalised == null || normalised.isEmpty()) {
                throw new BuildException("mkdocs.yml: docs_dir '" + dir + "' must be a directory inside the docs source");
            }
            return normalised.endsWith("/") ? normalised.substring(0, normalised.length() - 1) : normalised;
        } catch (BuildException e) {
            if (e.getMessage().startsWith("mkdocs.yml: docs_dir")) {
                throw e;
            }
            return null;
        }
    }

    // --- HTTP ----------------------------------------------------------------------------------------------------

    DocsSource fromUrl(String base) {
        URI baseUri = URI.create(base);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long[] total = {0};
        byte[] yaml = get(baseUri.resolve("mkdocs.yml"), total, true);
        files.put("mkdocs.yml", yaml);
        MkDocsConfig mkdocs = MkDocsConfig.parse(new String(yaml, StandardCharsets.UTF_8));
        String docsDir = docsDir(yaml);
        Deque<String> queue = new ArrayDeque<>();
        if (mkdocs.nav() != null) {
            navFiles(mkdocs.nav(), queue);
        }
        queue.add("index.md");
        Set<String> seen = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            String path = SitePaths.normalise(queue.removeFirst());
            if (path == null || path.isEmpty() || path.endsWith("/") || !seen.add(path)) {
                continue;
            }
            if (files.size() >= config.limits().maxFiles()) {
                throw new BuildException("The docs have more than " + config.limits().maxFiles() + " files");
            }
            URI uri = baseUri.resolve(SitePaths.encodePath(docsDir + "/" + path));
            byte[] body = get(uri, total, false);
            if (body == null) {
                continue; // a link to a missing file: the build reports it as broken
            }
            files.put(docsDir + "/" + path, body);
            if (SitePaths.isMarkdown(path)) {
                String dir = SitePaths.directoryOf(path);
                for (String link : relativeLinks(new String(body, StandardCharsets.UTF_8))) {
                    queue.add(dir + link);
                }
            }
        }
        return DocsSource.of(files);
    }

    private static void navFiles(List<MkDocsConfig.Entry> nav, Deque<String> queue) {
        for (MkDocsConfig.Entry entry : nav) {
            if (entry.file() != null && !SCHEME.matcher(entry.file()).matches()) {
                queue.add(entry.file());
            }
            navFiles(entry.children(), queue);
        }
    }

    static List<String> relativeLinks(String markdown) {
        List<String> links = new java.util.ArrayList<>();
        for (Pattern pattern : List.of(MD_LINK, REF_LINK, HTML_LINK)) {
            Matcher m = pattern.matcher(markdown);
            while (m.find()) {
                String link = m.group(1).trim();
                if (link.isEmpty() || link.startsWith("#") || link.startsWith("/") || SCHEME.matcher(link).matches()) {
                    continue;
                }
                int cut = link.length();
                for (char c : new char[] {'#', '?'}) {
                    int i = link.indexOf(c);
                    if (i >= 0 && i < cut) {
                        cut = i;
                    }
                }
                link = SitePaths.decode(link.substring(0, cut));
                if (!link.isEmpty()) {
                    links.add(link.endsWith("/") ? link + "index.md" : link);
                }
            }
        }
        return links;
    }

    private byte[] get(URI uri, long[] total, boolean required) {
        try {
            byte[] body = http.get(uri, null, null).body();
            total[0] += body.length;
            if (total[0] > config.limits().maxSiteBytes()) {
                throw new BuildException("The docs are larger than " + config.limits().maxSiteBytes() + " bytes");
            }
            return body;
        } catch (FetchException e) {
            if (e.notFound() && !required) {
                return null;
            }
            throw new BuildException(e.notFound() ? "No mkdocs.yml at " + uri : e.getMessage());
        }
    }

    DocsSource fromArchive(String url) {
        byte[] archive;
        try {
            archive = http.get(URI.create(url), null, null).body();
        } catch (FetchException e) {
            throw new BuildException(e.getMessage());
        }
        try {
            Map<String, byte[]> files = TarGzArchive.stripCommonDirectory(TarGzArchive.read(new ByteArrayInputStream(archive),
                    config.limits().maxFiles(), config.limits().maxSiteBytes(), config.limits().maxSiteBytes()));
            Map<String, byte[]> kept = new LinkedHashMap<>();
            byte[] yaml = files.containsKey("mkdocs.yml") ? files.get("mkdocs.yml") : files.get("mkdocs.yaml");
            String docsDir = yaml == null ? null : docsDir(yaml);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                String path = file.getKey();
                if (path.equals("mkdocs.yml") || path.equals("mkdocs.yaml")
                        || (docsDir != null && path.startsWith(docsDir + "/") && !hidden(Path.of(path)))) {
                    kept.put(path, file.getValue());
                }
            }
            return DocsSource.of(kept);
        } catch (ArchiveException | dev.portal.techdocs.upload.TooLargeException e) {
            throw new BuildException(e.getMessage());
        }
    }

    static EnumSet<FileVisitOption> noOptions() {
        return EnumSet.noneOf(FileVisitOption.class);
    }
}

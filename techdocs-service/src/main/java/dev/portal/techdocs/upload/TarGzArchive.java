package dev.portal.techdocs.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.portal.techdocs.build.SitePaths;

/**
 * Reads a {@code .tar.gz} into memory, refusing what could escape or exhaust: entry names that are absolute, hold
 * {@code ..}, backslashes or NUL (zip-slip), links, more than {@code maxFiles} entries, a file over
 * {@code maxFileBytes}, or more than {@code maxTotalBytes} uncompressed (a gzip bomb). Directories are implied.
 */
public final class TarGzArchive {

    private TarGzArchive() {
    }

    public static Map<String, byte[]> read(InputStream gzipped, int maxFiles, long maxFileBytes, long maxTotalBytes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(gzipped))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                String normalised = name.startsWith("./") ? name.substring(2) : name;
                if (normalised.isEmpty()) {
                    continue;
                }
                if (SitePaths.isTraversal(normalised) || normalised.startsWith("/") || SitePaths.normalise(normalised) == null) {
                    throw new ArchiveException("Refusing archive entry '" + name + "': paths must stay inside the site");
                }
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new ArchiveException("Refusing archive entry '" + name + "': links are not allowed");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entry.isFile()) {
                    throw new ArchiveException("Refusing archive entry '" + name + "': only files and directories are allowed");
                }
                if (files.size() >= maxFiles) {
                    throw new TooLargeException("The archive has more than " + maxFiles + " files");
                }
                if (entry.getSize() > maxFileBytes) {
                    throw new TooLargeException("Archive entry '" + name + "' is larger than " + maxFileBytes + " bytes");
                }
                byte[] bytes = tar.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
                if (bytes.length > maxFileBytes) {
                    throw new TooLargeException("Archive entry '" + name + "' is larger than " + maxFileBytes + " bytes");
                }
                total += bytes.length;
                if (total > maxTotalBytes) {
                    throw new TooLargeException("The archive unpacks to more than " + maxTotalBytes + " bytes");
                }
                files.put(SitePaths.normalise(normalised), bytes);
            }
        } catch (IOException e) {
            throw new ArchiveException("Not a readable .tar.gz archive: " + e.getMessage());
        }
        return files;
    }

    /** When every path starts with the same single directory (a GitHub source archive), paths without it. */
    public static Map<String, byte[]> stripCommonDirectory(Map<String, byte[]> files) {
        String common = null;
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return files;
            }
            String first = path.substring(0, slash + 1);
            if (common == null) {
                common = first;
            } else if (!common.equals(first)) {
                return files;
            }
        }
        if (common == null) {
            return files;
        }
        Map<String, byte[]> stripped = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            stripped.put(file.getKey().substring(common.length()), file.getValue());
        }
        return stripped;
    }
}

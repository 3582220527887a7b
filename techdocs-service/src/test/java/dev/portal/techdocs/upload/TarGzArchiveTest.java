package dev.portal.techdocs.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Archive entries that could escape the site, links, and size bombs are refused. */
class TarGzArchiveTest {

    static byte[] tarGz(String name, byte[] content, byte type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry entry = type == TarArchiveEntry.LF_SYMLINK ? new TarArchiveEntry(name, type)
                    : new TarArchiveEntry(name, true);
            if (type == TarArchiveEntry.LF_SYMLINK) {
                entry.setLinkName("/etc/passwd");
            } else {
                entry.setSize(content.length);
            }
            tar.putArchiveEntry(entry);
            if (type != TarArchiveEntry.LF_SYMLINK) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> read(byte[] archive) {
        return TarGzArchive.read(new ByteArrayInputStream(archive), 10, 1000, 5000);
    }

    @Test
    void readsFilesWithNormalisedNames() throws IOException {
        Map<String, byte[]> files = read(tarGz("./site/index.html", "<h1>x</h1>".getBytes(StandardCharsets.UTF_8), TarArchiveEntry.LF_NORMAL));
        assertEquals("<h1>x</h1>", new String(files.get("site/index.html"), StandardCharsets.UTF_8));
        assertEquals(Map.of("index.html", files.get("site/index.html")).keySet(), TarGzArchive.stripCommonDirectory(files).keySet());
    }

    @Test
    void refusesZipSlipNames() throws IOException {
        for (String name : new String[] {"../x", "a/../../x", "/abs/x", "a\\..\\x"}) {
            ArchiveException e = assertThrows(ArchiveException.class,
                    () -> read(tarGz(name, new byte[1], TarArchiveEntry.LF_NORMAL)), name);
            assertTrue(e.getMessage().contains("inside the site"), e.getMessage());
        }
    }

    @Test
    void refusesLinks() throws IOException {
        assertThrows(ArchiveException.class, () -> read(tarGz("site/passwd", null, TarArchiveEntry.LF_SYMLINK)));
    }

    @Test
    void refusesFilesOverTheLimit() throws IOException {
        TooLargeException e = assertThrows(TooLargeException.class,
                () -> read(tarGz("big.bin", new byte[2000], TarArchiveEntry.LF_NORMAL)));
        assertTrue(e.getMessage().contains("larger than 1000 bytes"), e.getMessage());
    }
}

package dev.portal.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of a benchmark run, for the table {@code ./portal bench} prints and writes to docs/benchmarks.md: each
 * benchmark records its headline figures here beside their targets, and they are appended, one tab-separated line
 * each (benchmark, figure, measured, target, met), to the file the variable {@value #FILE_VARIABLE} names. Without
 * the variable (a benchmark run on its own) nothing is written.
 */
public final class BenchmarkResults {

    public static final String FILE_VARIABLE = "PORTAL_BENCH_RESULTS";

    private BenchmarkResults() {
    }

    /**
     * @param benchmark e.g. "catalog"
     * @param figure    what was measured, e.g. "by-name p99, 16 clients"
     * @param measured  the figure with its unit, e.g. "4.2 ms"
     * @param target    the target, e.g. "≤ 5 ms", or "—" when there is none
     * @param met       whether the target was met; null when there is no target
     */
    public static void record(String benchmark, String figure, String measured, String target, Boolean met) {
        String file = System.getenv(FILE_VARIABLE);
        if (file == null || file.isBlank()) {
            return;
        }
        String line = String.join("\t", clean(benchmark), clean(figure), clean(measured), clean(target),
                met == null ? "—" : met ? "yes" : "NO") + "\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record a benchmark result in " + file, e);
        }
    }

    /** One line, no tabs, no table separators. */
    private static String clean(String text) {
        return text == null ? "—" : text.replaceAll("[\\t\\r\\n]+", " ").replace("|", "/").trim();
    }
}

package dev.portal.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What every benchmark tool needs: its command line, timestamped progress lines, pauses and a service's pid. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /**
     * Reads {@code --name value} pairs and the given value-less {@code flags} (as {@code "true"}); null after printing
     * the usage for {@code --help}/{@code -h}.
     *
     * @throws IllegalArgumentException for anything else, with the usage
     */
    static Map<String, String> arguments(String[] args, Set<String> flags, String usage) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(usage);
                return null;
            }
            if (arg.startsWith("--") && flags.contains(arg.substring(2))) {
                given.put(arg.substring(2), "true");
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                given.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage);
            }
        }
        return given;
    }

    /** The pid in a {@code ./portal} pid file; {@code hint} says how to start what is missing. */
    static long readPid(Path pidFile, String component, String hint) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the " + component + " pid from " + pidFile
                    + " (is the stack up? " + hint + ")", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "[%tT] ", System.currentTimeMillis())
                + String.format(format, args));
    }

    /** A report's "met" column as a result: "yes" → true, "NO"/"no" → false, anything else (no target) → null. */
    static Boolean met(String verdict) {
        String v = verdict.replace("*", "").trim();
        return v.equalsIgnoreCase("yes") ? Boolean.TRUE : v.equalsIgnoreCase("no") ? Boolean.FALSE : null;
    }
}

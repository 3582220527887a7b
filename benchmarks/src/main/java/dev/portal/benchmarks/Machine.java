package dev.portal.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the machine is doing, from /proc (Linux): a process's RSS, and CPU time split between the catalog-service,
 * PostgreSQL, this tool and everything else — on a shared 2-core machine the "else" says whether a figure is fair.
 */
final class Machine {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux we run on

    /** CPU seconds consumed so far, by whom; differences of two snapshots give the split over an interval. */
    record Cpu(long wallNanos, double machineBusy, double catalog, double postgres, double self) {

        static Cpu now(long catalogPid) {
            return new Cpu(System.nanoTime(), machineBusySeconds(), processSeconds(catalogPid), postgresSeconds(),
                    processSeconds(ProcessHandle.current().pid()));
        }

        /** Cores used on average between {@code before} and this snapshot, as "busy 1.9 = catalog 0.8 + ...". */
        String since(Cpu before) {
            double wall = (wallNanos - before.wallNanos) / 1e9;
            double busy = (machineBusy - before.machineBusy) / wall;
            double cat = (catalog - before.catalog) / wall;
            double pg = (postgres - before.postgres) / wall;
            double me = (self - before.self) / wall;
            return String.format("cores busy %.2f = catalog %.2f + postgres %.2f + this tool %.2f + other %.2f",
                    busy, cat, pg, me, Math.max(0, busy - cat - pg - me));
        }
    }

    private Machine() {
    }

    /** "VmRSS" or "VmHWM" (peak) of a process, in MiB; -1 when unknown. */
    static double memoryMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0; // the line is in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return (total - idle) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double processSeconds(long pid) {
        ProcStat stat = ProcStat.read(Path.of("/proc", Long.toString(pid), "stat"));
        return stat == null ? 0 : stat.cpuSeconds();
    }

    /**
     * All postgres processes (postmaster and backends), with what exited backends used: the postmaster has reaped
     * them, so their CPU is in its children's time (without it, a backend exiting between two samples made the
     * difference negative).
     */
    private static double postgresSeconds() {
        double sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    ProcStat stat = ProcStat.read(proc.resolve("stat"));
                    if (stat != null && stat.command().equals("postgres")) {
                        sum += stat.cpuSeconds() + stat.reapedChildrenSeconds();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return sum;
        }
        return sum;
    }

    /** The command name, user+system CPU time, and that of its reaped children, of /proc/<pid>/stat. */
    private record ProcStat(String command, double cpuSeconds, double reapedChildrenSeconds) {

        static ProcStat read(Path file) {
            try {
                String s = Files.readString(file);
                // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
                int close = s.lastIndexOf(')');
                String[] f = s.substring(close + 2).split(" "); // f[0] is field 3 (state)
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
                long children = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 (cutime) and 17 (cstime)
                return new ProcStat(s.substring(s.indexOf('(') + 1, close), ticks / TICKS_PER_SECOND,
                        children / TICKS_PER_SECOND);
            } catch (IOException | RuntimeException e) {
                return null; // gone
            }
        }
    }
}

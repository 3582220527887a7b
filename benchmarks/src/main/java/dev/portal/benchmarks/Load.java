package dev.portal.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Closed-loop load: {@code clients} threads each send one request after another (no think time) for a warm-up, whose
 * requests are not counted, then for the measured duration. Latency is the full round trip as the client sees it.
 */
final class Load {

    /** One request; throws on a failure (a non-2xx answer, a wrong answer). */
    @FunctionalInterface
    interface Call {
        void run(SplittableRandom random) throws Exception;
    }

    /** What the measured window saw. */
    record Result(String name, long[] sortedNanos, long errors, String firstError, double seconds) {

        long requests() {
            return sortedNanos.length;
        }

        double throughput() {
            return sortedNanos.length / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            // nearest-rank percentile
            int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
            return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
        }

        double maxMillis() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }

        static Result of(String name, List<Long> nanos, long errors, String firstError, double seconds) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(name, sorted, errors, firstError, seconds);
        }
    }

    private Load() {
    }

    /**
     * Runs {@code clients} threads; {@code callForClient} gives each thread its own call (so a call may keep state,
     * like a cursor). Each thread has its own deterministic random numbers.
     */
    static Result run(String name, int clients, Duration warmUp, Duration measured, IntFunction<Call> callForClient)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Call call = callForClient.apply(client);
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(1_000_003L * client + name.hashCode());
                long[] mine = new long[4096];
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    boolean ok = true;
                    try {
                        call.run(random);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (Exception e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) { // only requests wholly inside the window
                        if (!ok) {
                            errors[client]++;
                        } else {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                        }
                    }
                }
                latencies[client] = mine;
                counts[client] = n;
            }, "load-" + name + "-" + client);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> all = new ArrayList<>();
        long errorCount = 0;
        for (int c = 0; c < clients; c++) {
            for (int i = 0; i < counts[c]; i++) {
                all.add(latencies[c][i]);
            }
            errorCount += errors[c];
        }
        return Result.of(name, all, errorCount, firstError.get(), measured.toNanos() / 1e9);
    }
}

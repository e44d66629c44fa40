package studio.atelier.bench;

import java.util.Arrays;
import java.util.Locale;

/** Timing shared by the benchmarks: warm up, time each call, sort, read percentiles, print a table row. */
final class Samples {

    interface Call {
        void run() throws Exception;
    }

    private Samples() {
    }

    /** @return the {@code iterations} timings in milliseconds, sorted, after {@code warmUp} untimed calls */
    static double[] millis(int warmUp, int iterations, Call call) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** {@code | label | p50 | p95 | max |} */
    static String row(String label, double[] sorted) {
        return String.format(Locale.ROOT, "| %-42s | %7.2f | %7.2f | %7.2f |", label, percentile(sorted, 50), percentile(sorted, 95),
                sorted[sorted.length - 1]);
    }
}

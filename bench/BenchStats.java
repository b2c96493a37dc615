import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles for the benchmarks (the source launcher finds this file beside them, as it does BenchHttp). */
final class BenchStats {

    private BenchStats() {}

    /** The nearest-rank percentile of values sorted ascending. */
    static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The nearest-rank percentile of values in any order. */
    static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The middle value, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}

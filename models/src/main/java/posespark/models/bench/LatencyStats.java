package posespark.models.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Per-call wall times of one benchmark side (milliseconds), summarised by median and quartiles. */
public final class LatencyStats {
  private final List<Double> ms = new ArrayList<>();

  public void add(double millis) {
    ms.add(millis);
  }

  public void addAll(List<Double> millis) {
    ms.addAll(millis);
  }

  public int count() {
    return ms.size();
  }

  public double median() {
    return quantile(0.5);
  }

  /** Linear-interpolated quantile q in [0, 1]; NaN when empty. */
  public double quantile(double q) {
    if (ms.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(ms);
    Collections.sort(sorted);
    double pos = q * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.size() - 1);
    return sorted.get(lo) + (pos - lo) * (sorted.get(hi) - sorted.get(lo));
  }
}

package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import posespark.models.bench.LatencyStats;

class HrnetBenchmarkTest {

  @Test
  void rowComparesTfJavaWithPyTorchEagerAndItsBestVariant() {
    HrnetConfig w32 = HrnetConfig.of(32, "256x192");
    Map<String, LatencyStats> stats = new LinkedHashMap<>();
    stats.put("tf", stats(100, 110, 90));
    stats.put("eager", stats(150, 160, 140));
    stats.put("script", stats(120, 130, 125));

    String row = HrnetBenchmark.row(w32, 2, 1_000_000_000L, stats);

    // median TF 100 ms for 2 crops: 50 ms/crop, 20 crops/s, 2 GMAC per 0.1 s = 20 GMAC/s
    assertThat(row.split("\\s+")).containsExactly("hrnet-w32-256x192", "2", "100.0", "50.0", "20.00", "20.0",
        "150.0", "125.0", "1.50", "1.25");
  }

  @Test
  void rowWithoutPyTorchLeavesItsColumnsEmpty() {
    Map<String, LatencyStats> stats = Map.of("tf", stats(40));

    assertThat(HrnetBenchmark.row(HrnetConfig.of(48, "384x288"), 1, 1L, stats)).endsWith("-        -        -");
  }

  private static LatencyStats stats(double... ms) {
    LatencyStats s = new LatencyStats();
    for (double m : ms) {
      s.add(m);
    }
    return s;
  }
}

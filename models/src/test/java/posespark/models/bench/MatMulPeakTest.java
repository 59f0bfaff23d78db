package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.runtime.HostOptions;

class MatMulPeakTest {

  @Test
  void probeComputesTheRealProductAndCountsTwoNCubedFlops() {
    int n = 96;
    float[] a = MatMulPeak.values(n, 1);
    float[] b = MatMulPeak.values(n, 2);
    double expected = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double rowSumOfB = 0;
        for (int j = 0; j < n; j++) {
          rowSumOfB += b[k * n + j];
        }
        expected += a[i * n + k] * rowSumOfB;
      }
    }
    try (MatMulPeak probe = new MatMulPeak(n, HostOptions.defaults().toConfigProto())) {
      assertThat(probe.productSum()).isCloseTo(expected, within(1e-3 * Math.max(1, Math.abs(expected))));
      assertThat(probe.gflopsPerCall()).isEqualTo(2.0 * 96 * 96 * 96 / 1e9);
      assertThat(probe.gflopsAt(2.0)).isCloseTo(probe.gflopsPerCall() * 500, within(1e-9));
      List<Double> ms = probe.run(3);
      assertThat(ms).hasSize(3).allSatisfy(t -> assertThat(t).isPositive());
    }
  }

  @Test
  void bestBatchPerModelIsTheFastestPerFlopAndItsShareOfTheMatMulRate() {
    BenchRow slow = row("m", 1, 100.0, 200.0); // 1 GFLOP/img x 1 / 0.1 s = 10 GFLOP/s
    BenchRow fast = row("m", 8, 400.0, 200.0); // 8 / 0.4 = 20 GFLOP/s
    BenchRow other = row("o", 1, 50.0, 100.0); // 20 GFLOP/s

    List<BenchRow> best = BenchRow.bestPerModel(List.of(slow, fast, BenchRow.notBatched("o", 8, 1.0), other));

    assertThat(best).containsExactly(fast, other);
    assertThat(fast.shareOfMatMul()).isCloseTo(0.1, within(1e-12));
    assertThat(other.shareOfMatMul()).isCloseTo(0.2, within(1e-12));
    assertThat(fast.line(new CpuPeak(2, 2.5, 64, "t", "t"))).contains("|   200.0 |   10% |");
  }

  private static BenchRow row(String model, int batch, double ms, double matMulGflops) {
    LatencyStats java = new LatencyStats();
    java.add(ms);
    return new BenchRow(model, batch, 1.0, java, null, new LatencyStats(), matMulGflops);
  }
}

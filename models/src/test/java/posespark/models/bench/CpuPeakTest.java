package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuPeakTest {
  private static List<String> cpuinfo(String vendor, int family, String flags) {
    return List.of("processor\t: 0", "vendor_id\t: " + vendor, "cpu family\t: " + family,
        "model name\t: Test CPU", "cpu MHz\t\t: 2500.000", "flags\t\t: fpu sse2 " + flags);
  }

  @Test
  void fullWidthAvx512CountsSixtyFourFlopsPerCycle() {
    CpuPeak peak = CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 26, "avx2 fma avx512f"), 2);

    assertThat(peak.flopsPerCycle()).isEqualTo(64);
    assertThat(peak.gflops()).isEqualTo(2 * 2.5 * 64);
    assertThat(peak.assumption()).contains("2 cores").contains("AVX-512");
  }

  @Test
  void zen4RunsAvx512AtHalfRate() {
    assertThat(CpuPeak.fromCpuinfo(cpuinfo("AuthenticAMD", 25, "avx2 fma avx512f"), 4).flopsPerCycle())
        .isEqualTo(32);
  }

  @Test
  void avx2WithFmaCountsThirtyTwoFlopsPerCycle() {
    assertThat(CpuPeak.fromCpuinfo(cpuinfo("GenuineIntel", 6, "avx2 fma"), 8).flopsPerCycle()).isEqualTo(32);
  }
}

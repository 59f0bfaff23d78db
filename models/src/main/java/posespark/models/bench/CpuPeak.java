package posespark.models.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * This machine's theoretical fp32 peak from {@code /proc/cpuinfo}: cores x clock x FLOPs per cycle.
 * FLOPs per cycle = 2 (FMA) x vector lanes (16 with avx512f, 8 with avx2+fma) x FMA pipes, and the pipe
 * count is not in cpuinfo: 2 full-width pipes is assumed, except AMD family 0x19 (Zen 4), which runs
 * AVX-512 on 256-bit pipes (half the 512-bit rate). The clock is the current "cpu MHz" (no turbo
 * knowledge). Every assumption is printed with the number.
 */
public record CpuPeak(int cores, double ghz, int flopsPerCycle, String cpu, String assumption) {

  public double gflops() {
    return cores * ghz * flopsPerCycle;
  }

  public static CpuPeak detect() {
    try {
      return fromCpuinfo(Files.readAllLines(Path.of("/proc/cpuinfo")), Runtime.getRuntime().availableProcessors());
    } catch (IOException e) {
      return new CpuPeak(Runtime.getRuntime().availableProcessors(), 0, 0, "unknown",
          "/proc/cpuinfo unreadable (" + e.getMessage() + "); peak unknown");
    }
  }

  static CpuPeak fromCpuinfo(List<String> lines, int availableProcessors) {
    String model = field(lines, "model name", "unknown");
    String vendor = field(lines, "vendor_id", "");
    int family = Integer.parseInt(field(lines, "cpu family", "0"));
    double mhz = Double.parseDouble(field(lines, "cpu MHz", "0"));
    Set<String> flags = Set.of(field(lines, "flags", "").split("\\s+"));
    int lanes = flags.contains("avx512f") ? 16 : flags.contains("avx2") && flags.contains("fma") ? 8 : 4;
    boolean halfRate = lanes == 16 && vendor.equals("AuthenticAMD") && family == 0x19;
    int pipes = 2;
    int perCycle = 2 * lanes * pipes / (halfRate ? 2 : 1);
    String isa = lanes == 16 ? "AVX-512" : lanes == 8 ? "AVX2" : "SSE";
    String assumption = String.format(Locale.ROOT,
        "%d cores x %.3f GHz (cpu MHz) x %d fp32 FLOP/cycle (%s FMA: 2 x %d lanes x %d pipes%s; %s family %d)",
        availableProcessors, mhz / 1000, perCycle, isa, lanes, pipes, halfRate ? ", 512-bit ops double-pumped" : "",
        vendor, family);
    return new CpuPeak(availableProcessors, mhz / 1000, perCycle, model, assumption);
  }

  private static String field(List<String> lines, String name, String fallback) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return fallback;
  }
}

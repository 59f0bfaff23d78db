package posespark.models.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the model benchmark's table: a model at a batch size, TF Java (and optionally a second TF
 * Java configuration, B), tfjs-wasm and the MatMul probe's rate of the same rounds side by side.
 */
record BenchRow(String model, int batch, double gflopsPerImage, LatencyStats java, LatencyStats versus,
    LatencyStats wasm, double matMulGflops) {

  static BenchRow notBatched(String model, int batch, double gflopsPerImage) {
    return new BenchRow(model, batch, gflopsPerImage, null, null, null, Double.NaN);
  }

  static String header(boolean withVersus) {
    String h = String.format(Locale.ROOT, "| %-17s | %5s | %9s | %10s | %9s | %6s | %7s | %6s | %7s | %5s | %9s |",
        "model", "batch", "GFLOP/img", "TF Java ms", "wasm ms", "ratio", "TF GF/s", "% peak", "MM GF/s", "% MM",
        "wasm GF/s");
    String rule = "|-------------------|------:|----------:|-----------:|----------:|-------:|--------:|-------:"
        + "|--------:|------:|----------:|";
    return withVersus ? h + " TF B ms |   B/A |\n" + rule + "--------:|------:|" : h + "\n" + rule;
  }

  /** TF Java GFLOP/s at this batch (NaN when not measured). */
  double javaGflops() {
    return java == null ? Double.NaN : gflopsPerImage * batch / (java.median() / 1000);
  }

  /** TF Java GFLOP/s as a share of the MatMul probe's rate measured in the same rounds (NaN without it). */
  double shareOfMatMul() {
    return javaGflops() / matMulGflops;
  }

  /**
   * Per model, the measured row with the highest share of the MatMul rate of its own rounds (the
   * load-normalised rate; the highest TF Java GFLOP/s without the probe), in table order.
   */
  static List<BenchRow> bestPerModel(List<BenchRow> rows) {
    Map<String, BenchRow> best = new LinkedHashMap<>();
    Comparator<BenchRow> rate = Comparator.comparingDouble(r -> Double.isNaN(r.matMulGflops) ? r.javaGflops()
        : r.shareOfMatMul());
    for (BenchRow row : rows) {
      if (row.java != null) {
        best.merge(row.model, row, (a, b) -> rate.compare(a, b) >= 0 ? a : b);
      }
    }
    return List.copyOf(best.values());
  }

  String summary() {
    return String.format(Locale.ROOT, "%-17s batch %2d: %6.1f GFLOP/s = %5.1f%% of MatMul (%.1f GFLOP/s)",
        model, batch, javaGflops(), 100 * shareOfMatMul(), matMulGflops);
  }

  String line(CpuPeak peak) {
    if (java == null) {
      return String.format(Locale.ROOT, "| %-17s | %5d | %9.2f | %10s | %9s | %6s | %7s | %6s | %7s | %5s | %9s |",
          model, batch, gflopsPerImage, "n/a", "n/a", "", "", "", "", "", "");
    }
    double javaMs = java.median();
    double javaGf = javaGflops();
    boolean hasWasm = wasm.count() > 0;
    double wasmMs = hasWasm ? wasm.median() : Double.NaN;
    boolean hasMatMul = !Double.isNaN(matMulGflops);
    String line = String.format(Locale.ROOT,
        "| %-17s | %5d | %9.2f | %10.1f | %9s | %6s | %7.1f | %5.1f%% | %7s | %5s | %9s |",
        model, batch, gflopsPerImage, javaMs, hasWasm ? fmt("%.1f", wasmMs) : "-",
        hasWasm ? fmt("%.2f", wasmMs / javaMs) : "-", javaGf,
        peak.gflops() > 0 ? 100 * javaGf / peak.gflops() : Double.NaN,
        hasMatMul ? fmt("%.1f", matMulGflops) : "-", hasMatMul ? fmt("%.0f%%", 100 * shareOfMatMul()) : "-",
        hasWasm ? fmt("%.1f", gflopsPerImage * batch / (wasmMs / 1000)) : "-");
    if (versus != null) {
      line += String.format(Locale.ROOT, " %7.1f | %5.2f |", versus.median(), versus.median() / javaMs);
    }
    return line;
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}

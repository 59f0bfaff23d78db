package posespark.models.bench;

import java.util.Locale;

/**
 * One line of the model benchmark's table: a model at a batch size, TF Java (and optionally a second TF
 * Java configuration, B) and tfjs-wasm side by side.
 */
record BenchRow(String model, int batch, double gflopsPerImage, LatencyStats java, LatencyStats versus,
    LatencyStats wasm) {

  static BenchRow notBatched(String model, int batch, double gflopsPerImage) {
    return new BenchRow(model, batch, gflopsPerImage, null, null, null);
  }

  static String header(boolean withVersus) {
    String h = String.format(Locale.ROOT, "| %-17s | %5s | %9s | %10s | %9s | %6s | %7s | %6s | %9s |",
        "model", "batch", "GFLOP/img", "TF Java ms", "wasm ms", "ratio", "TF GF/s", "% peak", "wasm GF/s");
    String rule = "|-------------------|------:|----------:|-----------:|----------:|-------:|--------:|-------:|----------:|";
    return withVersus ? h + " TF B ms |   B/A |\n" + rule + "--------:|------:|" : h + "\n" + rule;
  }

  String line(CpuPeak peak) {
    if (java == null) {
      return String.format(Locale.ROOT, "| %-17s | %5d | %9.2f | %10s | %9s | %6s | %7s | %6s | %9s |",
          model, batch, gflopsPerImage, "n/a", "n/a", "", "", "", "");
    }
    double javaMs = java.median();
    double javaGf = gflopsPerImage * batch / (javaMs / 1000);
    boolean hasWasm = wasm.count() > 0;
    double wasmMs = hasWasm ? wasm.median() : Double.NaN;
    String line = String.format(Locale.ROOT, "| %-17s | %5d | %9.2f | %10.1f | %9s | %6s | %7.1f | %5.1f%% | %9s |",
        model, batch, gflopsPerImage, javaMs, hasWasm ? fmt("%.1f", wasmMs) : "-",
        hasWasm ? fmt("%.2f", wasmMs / javaMs) : "-", javaGf,
        peak.gflops() > 0 ? 100 * javaGf / peak.gflops() : Double.NaN,
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

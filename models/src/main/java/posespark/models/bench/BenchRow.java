package posespark.models.bench;

import java.util.Locale;

/** One line of the model benchmark's table: a model at a batch size, TF Java and tfjs-wasm side by side. */
record BenchRow(String model, int batch, double gflopsPerImage, LatencyStats java, LatencyStats wasm, int outputs) {

  static BenchRow notBatched(String model, int batch, double gflopsPerImage) {
    return new BenchRow(model, batch, gflopsPerImage, null, null, 0);
  }

  static String header() {
    return String.format(Locale.ROOT, "| %-17s | %5s | %9s | %11s | %11s | %6s | %8s | %6s | %9s |",
        "model", "batch", "GFLOP/img", "TF Java ms", "wasm ms", "ratio", "TF GF/s", "% peak", "wasm GF/s")
        + "\n|" + "-".repeat(19) + "|------:|----------:|------------:|------------:|-------:|---------:|-------:|----------:|";
  }

  String line(CpuPeak peak) {
    if (java == null) {
      return String.format(Locale.ROOT, "| %-17s | %5d | %9.2f | %11s | %11s | %6s | %8s | %6s | %9s |",
          model, batch, gflopsPerImage, "n/a", "n/a", "", "", "", "");
    }
    double javaMs = java.median();
    double wasmMs = wasm.count() == 0 ? Double.NaN : wasm.median();
    double javaGf = gflopsPerImage * batch / (javaMs / 1000);
    double wasmGf = gflopsPerImage * batch / (wasmMs / 1000);
    return String.format(Locale.ROOT, "| %-17s | %5d | %9.2f | %11.1f | %11.1f | %6.2f | %8.1f | %5.1f%% | %9.1f |",
        model, batch, gflopsPerImage, javaMs, wasmMs, wasmMs / javaMs, javaGf,
        peak.gflops() > 0 ? 100 * javaGf / peak.gflops() : Double.NaN, wasmGf);
  }
}

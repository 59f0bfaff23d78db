package posespark.models.quant;

import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.TensorFlow;
import posespark.models.bench.CpuPeak;
import posespark.models.bench.CropLatency;
import posespark.models.bench.ModelBenchmark;
import posespark.models.runtime.ModelHost;

/**
 * {@code submit/bench int8-model}: per-crop latency of a zoo pose model and its int8 variant as the
 * annotate job calls them (the ensemble's outputs, batch B, T threads), in alternating rounds of one
 * run; prints the medians, the int8 speed-up and the CPU line.
 * Usage: {@code Int8ModelBench MODEL BATCH THREADS ROUNDS}.
 */
public final class Int8ModelBench {
  private Int8ModelBench() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: Int8ModelBench MODEL BATCH THREADS ROUNDS");
      System.exit(2);
    }
    String model = args[0];
    int batch = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    CpuPeak peak = CpuPeak.detect();
    System.out.printf(Locale.ROOT, "CPU: %s; peak %.0f GFLOP/s fp32 = %s%n", peak.cpu(), peak.gflops(), peak.assumption());
    System.out.printf(Locale.ROOT, "load average at start: %s; TensorFlow %s; batch %d, %d threads, %d alternating rounds%n",
        ModelBenchmark.loadAverage(), TensorFlow.version(), batch, threads, rounds);
    String int8Name = model + Int8ModelBuilder.SUFFIX;
    Runnable fp32 = CropLatency.call(model, batch, threads);
    Runnable int8 = CropLatency.call(int8Name, batch, threads);
    fp32.run();
    int8.run();
    double[] a = new double[rounds];
    double[] b = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      // Alternate which side goes first so drifts of the machine's load hit both alike.
      if (r % 2 == 0) {
        a[r] = time(fp32, batch);
        b[r] = time(int8, batch);
      } else {
        b[r] = time(int8, batch);
        a[r] = time(fp32, batch);
      }
    }
    double ma = median(a);
    double mb = median(b);
    System.out.printf(Locale.ROOT, "%s\t%.2f ms/crop%n%s\t%.2f ms/crop%nspeed-up int8/fp32\t%.2fx%n",
        model, ma, int8Name, mb, ma / mb);
    ModelHost.closeAll();
  }

  private static double time(Runnable call, int batch) {
    long t0 = System.nanoTime();
    call.run();
    return (System.nanoTime() - t0) / 1e6 / batch;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

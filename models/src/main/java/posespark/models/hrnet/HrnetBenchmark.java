package posespark.models.hrnet;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HRNet inference latency per crop and its scaling with batch size, on this machine's TensorFlow
 * device (CPU unless the GPU build is on the classpath). Weights are random (timing does not
 * depend on their values); the graph is the one the importer exports. Prints one table section.
 */
@Command(name = "bench-hrnet", mixinStandardHelpOptions = true,
    description = "Time HRNet W32 256x192 and W48 384x288 at several batch sizes (random weights).")
public final class HrnetBenchmark implements Callable<Integer> {

  @Option(names = "--models", split = ",", defaultValue = "32:256x192,48:384x288",
      description = "width:HxW list (default ${DEFAULT-VALUE})")
  List<String> models;

  @Option(names = "--batches", split = ",", defaultValue = "1,4,8", description = "batch sizes (default ${DEFAULT-VALUE})")
  List<Integer> batches;

  @Option(names = "--iterations", defaultValue = "3", description = "timed runs per batch size (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--warmup", defaultValue = "1", description = "untimed runs first (default ${DEFAULT-VALUE})")
  int warmup;

  @Override
  public Integer call() {
    PrintWriter out = new PrintWriter(System.out, true);
    out.printf(Locale.ROOT, "== HRNet (random-init weights: timing only; %d cores, median of %d runs) ==%n",
        Runtime.getRuntime().availableProcessors(), iterations);
    out.printf(Locale.ROOT, "%-20s %6s %12s %10s %9s %9s%n", "model", "batch", "ms/batch", "ms/crop", "crops/s", "GMAC/s");
    for (String spec : models) {
      String[] parts = spec.split(":");
      HrnetConfig config = HrnetConfig.of(Integer.parseInt(parts[0].trim()), parts[1].trim());
      long macs = HrnetCost.of(config).flops();
      try (Graph graph = new Graph()) {
        HrnetGraphBuilder.Endpoints ends = HrnetGraphBuilder.build(Ops.create(graph), config, new RandomWeights(1));
        try (Session session = new Session(graph)) {
          for (int batch : batches) {
            double ms = medianMillis(session, ends, config, batch);
            out.printf(Locale.ROOT, "%-20s %6d %12.1f %10.1f %9.2f %9.1f%n", config.name(), batch, ms, ms / batch,
                1000.0 * batch / ms, macs * batch / ms / 1e6);
          }
        }
      }
    }
    return 0;
  }

  private double medianMillis(Session session, HrnetGraphBuilder.Endpoints ends, HrnetConfig config, int batch) {
    float[] pixels = new float[batch * config.inputHeight() * config.inputWidth() * 3];
    Random random = new Random(batch);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256);
    }
    double[] times = new double[iterations];
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(batch, config.inputHeight(), config.inputWidth(), 3),
        DataBuffers.of(pixels, true, false))) {
      for (int i = 0; i < warmup + iterations; i++) {
        long start = System.nanoTime();
        try (var result = session.runner().feed(ends.input(), input).fetch(ends.heatmaps()).run()) {
          Tensor heatmaps = result.get(0);
          if (heatmaps.shape().get(0) != batch) {
            throw new IllegalStateException("batch " + batch + " gave heatmaps " + heatmaps.shape());
          }
        }
        if (i >= warmup) {
          times[i - warmup] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    java.util.Arrays.sort(times);
    return times[times.length / 2];
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new HrnetBenchmark()).execute(args));
  }
}

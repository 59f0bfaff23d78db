package posespark.models.hrnet;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.models.bench.LatencyStats;
import posespark.models.pytorch.PthReader;
import posespark.models.bench.OpProfile;
import posespark.models.runtime.HostOptions;

/**
 * HRNet inference latency per crop and its scaling with batch size, on this machine's TensorFlow
 * device (CPU unless the GPU build is on the classpath). Weights are random (timing does not depend on
 * their values); the graph is the one the importer exports. With {@code --torch-worker} the committed
 * PyTorch reference HRNet runs the same weights (its checkpoint, imported here) in eager mode and as a
 * traced, inference-optimised channels-last TorchScript module, in rounds alternating with TF Java.
 */
@Command(name = "bench-hrnet", mixinStandardHelpOptions = true,
    description = "Time HRNet W32 256x192 and W48 384x288 at several batch sizes (random weights), "
        + "optionally against PyTorch eager and TorchScript.")
public final class HrnetBenchmark implements Callable<Integer> {
  private static final long SEED = 20240611;

  @Option(names = "--models", split = ",", defaultValue = "32:256x192,48:384x288",
      description = "width:HxW list (default ${DEFAULT-VALUE})")
  List<String> models;

  @Option(names = "--batches", split = ",", defaultValue = "1,4,8", description = "batch sizes (default ${DEFAULT-VALUE})")
  List<Integer> batches;

  @Option(names = "--iterations", defaultValue = "3",
      description = "timed rounds per batch size, one call per side each (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--warmup", defaultValue = "1", description = "untimed runs first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--threads", defaultValue = "0",
      description = "intra-op threads of both runtimes (0 = all cores; default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--inter-op", defaultValue = "0",
      description = "TF inter-op threads (0 = TensorFlow's default, one per core; default ${DEFAULT-VALUE})")
  int interOp;

  @Option(names = "--versus-padding", description = "also time the same network with 3x3 convs padded by SAME"
      + " (stride 1) and a Pad op (stride 2) instead of Conv2D's explicit pads, in the same rounds: column B/TF")
  boolean versusPadding;

  @Option(names = "--profile", defaultValue = "0",
      description = "after each row, N traced TF calls: node time summed by op type (default ${DEFAULT-VALUE})")
  int profileCalls;

  @Option(names = "--torch-worker", description = "hrnet_torch_worker.py: adds the PyTorch columns")
  Path torchWorker;

  @Option(names = "--python", defaultValue = "python3", description = "Python with torch (default ${DEFAULT-VALUE})")
  String python;

  @Option(names = "--torch-batches", split = ",", defaultValue = "1,8",
      description = "batch sizes also timed in PyTorch (default ${DEFAULT-VALUE})")
  List<Integer> torchBatches;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    int cores = Runtime.getRuntime().availableProcessors();
    int intra = threads > 0 ? threads : cores;
    out.printf(Locale.ROOT, "== HRNet (random-init weights: timing only; %d cores, %d intra-op threads, inter-op %s,"
        + " median of %d alternating rounds) ==%n", cores, intra, interOp > 0 ? Integer.toString(interOp) : "default",
        iterations);
    try (TorchHrnetWorker torch = torchWorker == null ? null : new TorchHrnetWorker(python, torchWorker, intra)) {
      if (torch != null) {
        out.println("PyTorch: " + torch.info() + "; eager = nn.Module NCHW; script = torch.jit.trace +"
            + " optimize_for_inference, channels-last; both with the TF side's weights");
      }
      out.printf(Locale.ROOT, "%-12s %5s %9s %8s %8s %7s %10s %10s %8s %8s%n", "model", "batch", "TF ms", "ms/crop",
          "crops/s", "GMAC/s", "torch eager", "torch script", "eager/TF", "best/TF");
      if (versusPadding) {
        out.println("B/TF = time of the same network with SAME / Pad+VALID instead of explicit pads (same session,"
            + " same rounds) / TF ms");
      }
      for (String spec : models) {
        String[] parts = spec.split(":");
        HrnetConfig config = HrnetConfig.of(Integer.parseInt(parts[0].trim()), parts[1].trim());
        benchOne(out, config, torch, intra);
      }
    }
    return 0;
  }

  private void benchOne(PrintWriter out, HrnetConfig config, TorchHrnetWorker torch, int intra) throws Exception {
    long macs = HrnetCost.of(config).flops();
    Path scratch = torch == null ? null : Files.createTempDirectory("hrnet-bench");
    try (Graph graph = new Graph()) {
      HrnetWeights weights;
      if (torch != null) {
        Path checkpoint = scratch.resolve("checkpoint.pth");
        torch.saveRandomModel(config, SEED, checkpoint);
        weights = new CheckpointWeights(PthReader.readStateDict(checkpoint), "PyTorch reference, seed " + SEED);
        Files.delete(checkpoint);
      } else {
        weights = new RandomWeights(1);
      }
      HrnetGraphBuilder.Endpoints ends = HrnetGraphBuilder.build(Ops.create(graph), config, weights);
      HrnetGraphBuilder.Endpoints versusEnds = versusPadding ? HrnetGraphBuilder.build(
          Ops.create(graph).withSubScope("versus"), config, weights, HrnetGraphBuilder.ConvPadding.SAME_OR_PAD) : null;
      try (Session session = new Session(graph, HostOptions.defaults().withThreads(intra, interOp).toConfigProto())) {
        if (torch != null) {
          checkSameFunction(out, session, ends, config, torch, scratch);
        }
        for (int batch : batches) {
          Map<String, LatencyStats> stats = timeRounds(session, ends, versusEnds, config, batch,
              torch != null && torchBatches.contains(batch) ? torch : null);
          out.println(row(config, batch, macs, stats));
          if (profileCalls > 0) {
            out.print(profile(session, ends, config, batch));
          }
        }
      }
    } finally {
      if (scratch != null) {
        Files.deleteIfExists(scratch);
      }
    }
  }

  /** One image through both runtimes: the timed models must compute the same heatmaps. */
  private static void checkSameFunction(PrintWriter out, Session session, HrnetGraphBuilder.Endpoints ends,
      HrnetConfig config, TorchHrnetWorker torch, Path scratch) throws Exception {
    float[] pixels = pixels(config, 1);
    float[] tf;
    try (TFloat32 input = input(config, 1, pixels);
        var result = session.runner().feed(ends.input(), input).fetch(ends.heatmaps()).run()) {
      TFloat32 heatmaps = (TFloat32) result.get(0);
      tf = new float[(int) heatmaps.size()];
      heatmaps.copyTo(DataBuffers.of(tf, false, false));
    }
    float[] pt = torch.heatmaps(pixels, 1, scratch);
    double max = 0;
    for (int i = 0; i < tf.length; i++) {
      max = Math.max(max, Math.abs((double) tf[i] - pt[i]));
    }
    if (tf.length != pt.length || max > 1e-3) {
      throw new IllegalStateException(config.name() + ": TF Java and PyTorch disagree (max |diff| " + max
          + ", lengths " + tf.length + "/" + pt.length + "): not the same model");
    }
    out.printf(Locale.ROOT, "%s: same weights, max |TF - PyTorch| = %.1e on one crop%n", config.name(), max);
  }

  /** Side name to per-call times, rounds alternating (and rotating the order) between the sides. */
  private Map<String, LatencyStats> timeRounds(Session session, HrnetGraphBuilder.Endpoints ends,
      HrnetGraphBuilder.Endpoints versusEnds, HrnetConfig config, int batch, TorchHrnetWorker torch) throws Exception {
    Map<String, Side> sides = new LinkedHashMap<>();
    try (TFloat32 input = input(config, batch, pixels(config, batch))) {
      sides.put("tf", () -> tfCall(session, ends, input, batch));
      if (versusEnds != null) {
        sides.put("versus", () -> tfCall(session, versusEnds, input, batch));
      }
      if (torch != null) {
        sides.put("eager", () -> torch.run("eager", batch, 1).get(0));
        sides.put("script", () -> torch.run("script", batch, 1).get(0));
      }
      List<String> names = new ArrayList<>(sides.keySet());
      Map<String, LatencyStats> stats = new LinkedHashMap<>();
      for (String name : names) {
        stats.put(name, new LatencyStats());
        for (int i = 0; i < warmup; i++) {
          sides.get(name).call();
        }
      }
      for (int r = 0; r < iterations; r++) {
        for (int j = 0; j < names.size(); j++) {
          String name = names.get((r + j) % names.size());
          stats.get(name).add(sides.get(name).call());
        }
      }
      return stats;
    }
  }

  /** Op-type profile of traced calls (tracing slows a call; the row above is untraced). */
  private String profile(Session session, HrnetGraphBuilder.Endpoints ends, HrnetConfig config, int batch) {
    OpProfile profile = new OpProfile();
    RunOptions traced = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    try (TFloat32 input = input(config, batch, pixels(config, batch))) {
      for (int i = 0; i < profileCalls; i++) {
        try (Result result = session.runner().feed(ends.input(), input).fetch(ends.heatmaps()).setOptions(traced)
            .runAndFetchMetadata()) {
          profile.add(result.getMetadata().orElse(null));
        }
      }
    }
    return String.format(Locale.ROOT, "  profile %s batch %d (%d traced calls):%n%s", config.name(), batch,
        profileCalls, profile.table(12));
  }

  private interface Side {
    double call() throws Exception;
  }

  private static double tfCall(Session session, HrnetGraphBuilder.Endpoints ends, TFloat32 input, int batch) {
    long start = System.nanoTime();
    try (var result = session.runner().feed(ends.input(), input).fetch(ends.heatmaps()).run()) {
      Tensor heatmaps = result.get(0);
      if (heatmaps.shape().get(0) != batch) {
        throw new IllegalStateException("batch " + batch + " gave heatmaps " + heatmaps.shape());
      }
    }
    return (System.nanoTime() - start) / 1e6;
  }

  static String row(HrnetConfig config, int batch, long macs, Map<String, LatencyStats> stats) {
    double tf = stats.get("tf").median();
    LatencyStats eager = stats.get("eager");
    LatencyStats script = stats.get("script");
    String line = String.format(Locale.ROOT, "%-12s %5d %9.1f %8.1f %8.2f %7.1f", config.name(), batch, tf, tf / batch,
        1000.0 * batch / tf, macs * batch / tf / 1e6);
    if (eager == null) {
      line += String.format(Locale.ROOT, " %10s %10s %8s %8s", "-", "-", "-", "-");
    } else {
      double best = Math.min(eager.median(), script.median());
      line += String.format(Locale.ROOT, " %10.1f %10.1f %8.2f %8.2f", eager.median(), script.median(),
          eager.median() / tf, best / tf);
    }
    LatencyStats versus = stats.get("versus");
    return versus == null ? line : line + String.format(Locale.ROOT, " %8.2f", versus.median() / tf);
  }

  private static float[] pixels(HrnetConfig config, int batch) {
    float[] pixels = new float[batch * config.inputHeight() * config.inputWidth() * 3];
    Random random = new Random(batch);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = random.nextInt(256);
    }
    return pixels;
  }

  private static TFloat32 input(HrnetConfig config, int batch, float[] pixels) {
    return TFloat32.tensorOf(Shape.of(batch, config.inputHeight(), config.inputWidth(), 3),
        DataBuffers.of(pixels, true, false));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new HrnetBenchmark()).execute(args));
  }
}

package posespark.models.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.DataType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.models.card.ModelCard;
import posespark.models.card.ModelCards;
import posespark.models.runtime.HostOptions;
import posespark.models.runtime.LoadedModel;
import posespark.models.runtime.ModelHost;
import posespark.models.runtime.ModelInput;
import posespark.models.zoo.ModelZoo;

/**
 * {@code submit/bench models}: latency of every zoo model in TF Java (the converted SavedModel through
 * {@link ModelHost}) and in Node tfjs-wasm (the original graph model), measured in alternating rounds of
 * one run so both share the machine's noise; per-image GFLOPs from the graph ({@link GraphFlops}) and
 * achieved GFLOP/s against this CPU's peak ({@link CpuPeak}).
 */
@Command(name = "bench models", mixinStandardHelpOptions = true,
    description = "TF Java vs Node tfjs-wasm latency per zoo model, GFLOP/s against the CPU's peak.")
public final class ModelBenchmark implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBenchmark.class);
  static final List<String> DEFAULT_MODELS = List.of("movenet-thunder", "movenet-lightning", "blazepose-heavy",
      "blazepose-full", "posenet", "centernet", "nanodet");

  @Option(names = "--models", split = ",", description = "models to run (default: ${DEFAULT-VALUE})")
  List<String> models = DEFAULT_MODELS;

  @Option(names = "--batches", split = ",", description = "batch sizes (default: ${DEFAULT-VALUE})")
  List<Integer> batches = List.of(1, 8, 16, 32);

  @Option(names = "--tfjs-batches", split = ",", description = "batch sizes also timed in tfjs-wasm (default:"
      + " ${DEFAULT-VALUE}; one wasm thread at batch 32 takes ~10 s a call)")
  List<Integer> tfjsBatches = List.of(1, 8);

  @Option(names = "--matmul", description = "size n of the n x n fp32 MatMul timed alongside every model as the"
      + " practical peak (0 = none; default: ${DEFAULT-VALUE})")
  int matmul = 4096;

  @Option(names = "--rounds", description = "alternating rounds per side (default: ${DEFAULT-VALUE})")
  int rounds = 5;

  @Option(names = "--round-ms", description = "target wall time of one side's round (default: ${DEFAULT-VALUE})")
  int roundMs = 1000;

  @Option(names = "--intra-op", description = "TF intra-op threads (0 = TF default: all cores)")
  int intraOp = -1;

  @Option(names = "--inter-op", description = "TF inter-op threads (0 = TF default)")
  int interOp = -1;

  @Option(names = "--remapping", description = "grappler remapper: card (model card's choice), on, off")
  String remapping = "card";

  @Option(names = "--versus", description = "a second TF Java session timed in the same rounds: remapping=on|off|card,"
      + " jit=on|off (XLA auto-clustering), comma-separated (columns 'TF B ms' and B/A)")
  String versus;

  @Option(names = "--profile", description = "after each row, N traced TF Java calls: node time summed by op type"
      + " (the kernels grappler left), top 12 (0 = no profile; default: ${DEFAULT-VALUE})")
  int profileCalls = 0;

  @Option(names = "--no-tfjs", description = "TF Java only (no Node)")
  boolean noTfjs;

  @Option(names = "--node", description = "node executable (default: ${DEFAULT-VALUE})")
  String node = "node";

  @Option(names = "--node-dir", description = "folder with bench-worker.mjs and node_modules "
      + "(default: <repo>/models/src/test/node)")
  Path nodeDir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    CpuPeak peak = CpuPeak.detect();
    System.out.printf(Locale.ROOT, "CPU: %s; peak %.0f GFLOP/s fp32 = %s%n", peak.cpu(), peak.gflops(), peak.assumption());
    System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
    System.out.printf(Locale.ROOT, "TensorFlow %s (TF Java), TF_ENABLE_ONEDNN_OPTS=%s, intra-op %s, inter-op %s,"
        + " remapping %s%s%n", TensorFlow.version(), System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "(unset)"),
        describe(intraOp), describe(interOp), remapping, versus == null ? "" : "; B = " + versus);
    List<BenchRow> rows = new ArrayList<>();
    TfjsWasmWorker wasm = noTfjs ? null : startWorker();
    MatMulPeak matMul = matmul > 0 ? new MatMulPeak(matmul, HostOptions.defaults()
        .withThreads(Math.max(0, intraOp), Math.max(0, interOp)).toConfigProto()) : null;
    try {
      if (wasm != null) {
        System.out.println("tfjs: " + wasm.info());
      }
      for (String name : models) {
        Path dir = ModelZoo.ensureReady(name);
        ModelCard card = ModelCards.find(name);
        GraphFlops.Count flops = countFlops(dir);
        LOG.info("{}: {} GFLOP per image {}", name, flops.gflops(), flops.byOp());
        LoadedModel model = ModelHost.get(dir, options(dir, intraOp, interOp, remapping));
        LoadedModel versusModel = versus == null ? null : ModelHost.get(dir, versusOptions(dir));
        for (int batch : batches) {
          if (batch > 1 && !card.dynamicBatch()) {
            rows.add(BenchRow.notBatched(name, batch, flops.gflops()));
            continue;
          }
          rows.add(measure(name, card, model, versusModel, batch, flops, tfjsBatches.contains(batch) ? wasm : null,
              matMul));
          System.out.println(rows.get(rows.size() - 1).line(peak));
          if (profileCalls > 0) {
            System.out.print(profile(card, model, batch));
          }
        }
        ModelHost.closeAll();
      }
    } finally {
      if (wasm != null) {
        wasm.close();
      }
      if (matMul != null) {
        matMul.close();
      }
    }
    System.out.println();
    System.out.println(BenchRow.header(versus != null));
    rows.forEach(r -> System.out.println(r.line(peak)));
    System.out.println();
    System.out.println("ms = median wall time of one inference call (the whole batch); ratio = tfjs-wasm ms / TF Java ms;"
        + (versus == null ? "" : " B/A = TF B ms / TF Java ms;")
        + " GFLOP = 2 x MACs of Conv2D, DepthwiseConv2dNative and MatMul per image; % peak = TF Java GFLOP/s / peak;"
        + (matMul == null ? "" : " MM GF/s = rate of the fastest call of a " + matmul + "x" + matmul + " fp32 MatMul timed in the"
        + " same rounds; % MM = TF Java GFLOP/s / MM GF/s."));
    if (matMul != null) {
      System.out.println();
      System.out.println("Best batch per model (TF Java GFLOP/s as % of the MatMul rate measured in its rounds):");
      BenchRow.bestPerModel(rows).forEach(r -> System.out.println("  " + r.summary()));
    }
    return 0;
  }

  /**
   * The same outputs at every batch size: those that take a batch when the model does (MoveNet's batch-1-only
   * decoded keypoints are left out), else all. Keys naming the same tensor (BlazePose's heatmaps =
   * activation_heatmap) are fetched once.
   */
  private static List<String> measuredKeys(ModelCard card, LoadedModel model) {
    Map<String, String> byTensor = new LinkedHashMap<>();
    model.outputKeys().stream()
        .filter(k -> !card.dynamicBatch() || model.outputShape(k)[0] < 0)
        .forEach(k -> byTensor.putIfAbsent(card.recipe().outputs().get(k), k));
    return List.copyOf(byTensor.values());
  }

  private BenchRow measure(String name, ModelCard card, LoadedModel model, LoadedModel versusModel, int batch,
      GraphFlops.Count flops, TfjsWasmWorker wasm, MatMulPeak matMul) throws Exception {
    List<String> keys = measuredKeys(card, model);
    ModelInput input = randomInput(model, card, batch);
    String[] keyArray = keys.toArray(String[]::new);
    List<Side> sides = new ArrayList<>();
    sides.add(javaSide(model, input, keyArray));
    if (versusModel != null) {
      sides.add(javaSide(versusModel, input, keyArray));
    }
    boolean wasmLoaded = false;
    if (wasm != null) {
      List<String> fetch = keys.stream().map(k -> stripIndex(card.recipe().outputs().get(k))).distinct().toList();
      try {
        wasm.load(name, batch, fetch);
        sides.add(iters -> wasm.run(name, batch, iters));
        wasmLoaded = true;
      } catch (IOException e) {
        // One model the tfjs side cannot run (e.g. at a batch its graph refuses) leaves its wasm columns empty.
        System.err.println("tfjs-wasm side skipped for " + name + " at batch " + batch + ": " + e.getMessage());
      }
    }
    int matMulSide = -1;
    if (matMul != null) {
      matMulSide = sides.size();
      sides.add(matMul::run);
    }
    List<LatencyStats> stats = new ArrayList<>();
    int[] iters = new int[sides.size()];
    for (int i = 0; i < sides.size(); i++) {
      stats.add(new LatencyStats());
      double warm = Math.min(sides.get(i).run(1).get(0), sides.get(i).run(1).get(0));
      iters[i] = Math.max(1, (int) Math.round(roundMs / warm));
    }
    for (int r = 0; r < rounds; r++) {
      // Rotate which side goes first so a drift of the machine's load hits every side alike.
      for (int j = 0; j < sides.size(); j++) {
        int i = (r + j) % sides.size();
        stats.get(i).addAll(sides.get(i).run(iters[i]));
      }
    }
    if (wasmLoaded) {
      wasm.unload(name, batch);
    }
    return new BenchRow(name, batch, flops.gflops(), stats.get(0),
        versusModel != null ? stats.get(1) : null, wasmLoaded ? stats.get(versusModel != null ? 2 : 1) : new LatencyStats(),
        // The probe's fastest call: on a shared machine a long call (~1 s) is preempted more than the models'
        // short ones, so its median under-reads what the cores do when the process has them.
        matMulSide >= 0 ? matMul.gflopsAt(stats.get(matMulSide).quantile(0)) : Double.NaN);
  }

  /** Op-type profile of {@code profileCalls} traced calls (tracing slows a call; the row above is untraced). */
  private String profile(ModelCard card, LoadedModel model, int batch) {
    ModelInput input = randomInput(model, card, batch);
    String[] keys = measuredKeys(card, model).toArray(String[]::new);
    OpProfile profile = new OpProfile();
    double wall = 0;
    for (int i = 0; i < profileCalls; i++) {
      long start = System.nanoTime();
      LoadedModel.TracedRun run = model.runTraced(input, keys);
      wall += (System.nanoTime() - start) / 1e6;
      profile.add(run.metadata());
    }
    return String.format(Locale.ROOT, "  profile %s batch %d: %d traced calls, %.1f ms wall per traced call%n%s",
        card.name(), batch, profileCalls, wall / profileCalls, profile.table(12));
  }

  /** One benchmarked implementation: wall ms of each of {@code iters} consecutive inference calls. */
  private interface Side {
    List<Double> run(int iters) throws Exception;
  }

  private static Side javaSide(LoadedModel model, ModelInput input, String[] keys) {
    return iters -> {
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < iters; i++) {
        ms.add(time(() -> model.run(input, keys)));
      }
      return ms;
    };
  }

  private static double time(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private HostOptions options(Path dir, int intra, int inter, String remap) {
    HostOptions o = ModelHost.defaultOptions(dir);
    o = o.withThreads(intra >= 0 ? intra : o.intraOpThreads(), inter >= 0 ? inter : o.interOpThreads());
    return switch (remap) {
      case "card" -> o;
      case "on" -> o.withRemapping(true);
      case "off" -> o.withRemapping(false);
      default -> throw new CommandLine.ParameterException(new CommandLine(this),
          "remapping must be card, on or off, not '" + remap + "'");
    };
  }

  /**
   * --versus remapping=on|off|card,jit=on|off: a second TF Java session of the same model. Only session-level
   * graph options can be compared in one process: TensorFlow's CPU thread pools are per process (the first
   * session fixes their size), so thread counts are compared in separate runs. jit=on needs the process
   * flag TF_XLA_FLAGS=--tf_xla_cpu_global_jit (submit/bench models sets it), which alone changes nothing.
   */
  private HostOptions versusOptions(Path dir) {
    String remap = remapping;
    boolean jit = false;
    for (String part : versus.split(",")) {
      String[] kv = part.split("=", 2);
      String key = kv.length == 2 ? kv[0].trim() : "";
      if (key.equals("remapping")) {
        remap = kv[1].trim();
      } else if (key.equals("jit") && (kv[1].trim().equals("on") || kv[1].trim().equals("off"))) {
        jit = kv[1].trim().equals("on");
      } else {
        throw new CommandLine.ParameterException(new CommandLine(this), "--versus: expected remapping=on|off|card"
            + " or jit=on|off, got '" + part + "' (thread counts are per process in TensorFlow: compare them in"
            + " separate runs)");
      }
    }
    return options(dir, intraOp, interOp, remap).withXlaJit(jit);
  }

  /** Pseudo-random pixels in the model's input type and range (content does not change these CNNs' cost). */
  private static ModelInput randomInput(LoadedModel model, ModelCard card, int batch) {
    int h = card.inputHeight();
    int w = card.inputWidth();
    int n = batch * h * w * 3;
    Random random = new Random(7);
    if (model.inputType() == DataType.DT_INT32) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(256);
      }
      return ModelInput.ofInts(v, batch, h, w, 3);
    }
    double[] range = card.inputRange();
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (range[0] + (range[1] - range[0]) * random.nextInt(256) / 255.0);
    }
    return ModelInput.ofFloats(v, batch, h, w, 3);
  }

  private static GraphFlops.Count countFlops(Path dir) {
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
      return GraphFlops.of(bundle.graph());
    }
  }

  private TfjsWasmWorker startWorker() throws Exception {
    Path dir = nodeDir != null ? nodeDir : repoRoot().resolve("models/src/test/node");
    Path pkg = ModelZoo.fromEnvironment().cache().npm().resolve("human-models-3.0.4/package");
    return new TfjsWasmWorker(node, dir, pkg);
  }

  private static Path repoRoot() {
    String home = System.getenv("POSESPARK_HOME");
    Path root = Path.of(home != null ? home : System.getProperty("posespark.repo.root", "."));
    if (!Files.isDirectory(root.resolve("models/src/test/node"))) {
      throw new IllegalStateException(root.toAbsolutePath() + ": not a posespark checkout (set POSESPARK_HOME"
          + " or --node-dir)");
    }
    return root;
  }

  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String describe(int threads) {
    return threads < 0 ? "default" : Integer.toString(threads);
  }

  private static String stripIndex(String tensor) {
    return tensor.endsWith(":0") ? tensor.substring(0, tensor.length() - 2) : tensor;
  }
}

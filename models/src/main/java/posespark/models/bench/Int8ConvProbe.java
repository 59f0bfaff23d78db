package posespark.models.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.models.runtime.HostOptions;
import posespark.models.zoo.ModelZoo;

/**
 * {@code submit/bench int8}: can this TensorFlow run int8 convolutions on the CPU, how fast against fp32,
 * and how far off. Lists the CPU kernels TensorFlow registers for the quantized ops, then times the
 * largest Conv2D geometries (and largest depthwise ones) of the given zoo models ({@link ConvShape#largest}) as
 * fp32 {@code Conv2D+BiasAdd+Relu}, as the whole int8 path (quantize, int8 conv with bias/ReLU/requantize,
 * dequantize) and as the int8 conv alone on quint8 input ({@link QuantizedConv}), in alternating rounds of
 * one run on one session, and prints ms per call, GFLOP/s, int8/fp32 speed-ups and the int8 error relative
 * to the fp32 output's range.
 */
@Command(name = "bench int8", mixinStandardHelpOptions = true,
    description = "fp32 vs int8 (oneDNN quantized) convolution: ms, GFLOP/s, speed-up and error per layer shape.")
public final class Int8ConvProbe implements Callable<Integer> {
  /** The quantized ops the probe's int8 path uses, and relatives a whole-model int8 graph would need. */
  static final List<String> OPS = List.of("QuantizeV2", QuantizedConv.INT8_CONV_OP, QuantizedConv.INT8_DEPTHWISE_OP,
      "Dequantize", "QuantizedConv2DWithBias", "QuantizedDepthwiseConv2DWithBias", "QuantizedConv2DWithBiasAndRequantize",
      "_FusedQuantizedConv2D", "QuantizedAdd");

  @Option(names = "--models", split = ",", description = "zoo models whose largest Conv2D shapes are timed"
      + " (default: ${DEFAULT-VALUE})")
  List<String> models = List.of("movenet-thunder", "blazepose-heavy");

  @Option(names = "--layers", description = "largest Conv2D geometries per model (default: ${DEFAULT-VALUE})")
  int layers = 3;

  @Option(names = "--depthwise", description = "largest depthwise geometries per model, too (default: ${DEFAULT-VALUE})")
  int depthwise = 1;

  @Option(names = "--shapes", split = ",", description = "explicit shapes HxWxCIN:[dw]KHxKW/STRIDE:COUT[:VALID]"
      + " instead of the models' (e.g. 16x16x168:1x1/1:1008, depthwise 32x32x336:dw3x3/1:336)")
  List<String> shapes;

  /** Blocks of the two default models: MoveNet's large-activation and 16x16 blocks, BlazePose's 16x16 and 8x8. */
  static final List<String> DEFAULT_BLOCKS = List.of("64x64x40:240:3=movenet-thunder", "16x16x168:1008:3=movenet-thunder",
      "16x16x160:960:5=blazepose-heavy", "8x8x272:1632:5=blazepose-heavy");

  @Option(names = "--blocks", split = ",", description = "inverted-residual blocks HxWxC:EXPANDED:K[=label] (1x1"
      + " expansion + ReLU6, KxK depthwise + ReLU6, linear 1x1 projection) timed as fp32 vs a chain of int8 layers;"
      + " 'none' for none (default without --shapes: " + "the shapes of movenet-thunder's and blazepose-heavy's"
      + " blocks)")
  List<String> blocks;

  @Option(names = "--inputs", split = ",", description = "int8 input types, one row each: U8 (non-negative input,"
      + " quint8, as after a ReLU) and S8 (signed, qint8) (default: ${DEFAULT-VALUE})")
  List<QuantizedConv.Input> inputs = List.of(QuantizedConv.Input.U8, QuantizedConv.Input.S8);

  @Option(names = "--batch", description = "images per call (default: ${DEFAULT-VALUE})")
  int batch = 8;

  @Option(names = "--rounds", description = "alternating rounds per side (default: ${DEFAULT-VALUE})")
  int rounds = 5;

  @Option(names = "--round-ms", description = "target wall time of one side's round (default: ${DEFAULT-VALUE})")
  int roundMs = 250;

  @Option(names = "--intra-op", description = "TF intra-op threads (default 0 = TF default: all cores)")
  int intraOp = 0;

  @Option(names = "--inter-op", description = "TF inter-op threads (default 0 = TF default)")
  int interOp = 0;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Where the report goes (tests read it). */
  PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Int8ConvProbe()).execute(args));
  }

  @Override
  public Integer call() {
    if (batch < 1 || rounds < 1 || roundMs < 1 || layers < 1 || depthwise < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--batch, --rounds, --round-ms and --layers must be positive, --depthwise not negative");
    }
    List<ConvShape> targets = new ArrayList<>();
    if (shapes != null) {
      for (String s : shapes) {
        try {
          targets.add(ConvShape.parse(s));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
    List<String> blockSpecs = blocks != null ? blocks : shapes == null ? DEFAULT_BLOCKS : List.of();
    List<BlockShape> blockTargets = new ArrayList<>();
    for (String b : blockSpecs) {
      if (!b.equals("none")) {
        try {
          blockTargets.add(BlockShape.parse(b));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
    CpuPeak peak = CpuPeak.detect();
    out.printf(Locale.ROOT, "CPU: %s; peak %.0f GFLOP/s fp32 = %s%n", peak.cpu(), peak.gflops(), peak.assumption());
    out.printf(Locale.ROOT, "load average at start: %s%n", ModelBenchmark.loadAverage());
    out.printf(Locale.ROOT, "TensorFlow %s (TF Java), TF_ENABLE_ONEDNN_OPTS=%s, intra-op %d, inter-op %d;"
        + " batch %d, %d alternating rounds of ~%d ms per side%n", TensorFlow.version(),
        System.getenv().getOrDefault("TF_ENABLE_ONEDNN_OPTS", "(unset)"), intraOp, interOp, batch, rounds, roundMs);
    out.println("CPU kernels registered in this TensorFlow:");
    for (String op : OPS) {
      List<String> kernels = new ArrayList<>(CpuKernels.of(op));
      kernels.sort(java.util.Comparator.comparing(k -> !k.contains("quint8"))); // the probe's input type first
      String shown = String.join("; ", kernels.subList(0, Math.min(4, kernels.size())))
          + (kernels.size() > 4 ? "; ... (" + (kernels.size() - 4) + " more)" : "");
      out.printf(Locale.ROOT, "  %-52s %s%n", op, kernels.isEmpty() ? "NONE (cannot run on this CPU build)"
          : kernels.size() + ": " + shown);
    }
    if (shapes == null) {
      for (String model : models) {
        try (SavedModelBundle bundle = SavedModelBundle.load(ModelZoo.ensureReady(model).toString(), "serve")) {
          targets.addAll(ConvShape.largest(bundle.graph(), model, layers, false));
          targets.addAll(ConvShape.largest(bundle.graph(), model, depthwise, true));
        }
      }
    }
    ConfigProto config = HostOptions.defaults().withThreads(intraOp, interOp).toConfigProto();
    List<String> rows = new ArrayList<>();
    for (ConvShape shape : targets) {
      for (QuantizedConv.Input kind : inputs) {
        String row = measure(shape, kind, config);
        out.println(row);
        rows.add(row);
      }
    }
    out.println();
    out.println(header());
    rows.forEach(out::println);
    out.println("GF/s: 2 x multiply-accumulates per second (int8: integer operations); speed-up = fp32 ms / int8 ms;"
        + " error: |int8 path - fp32| / range of the fp32 output");
    if (!blockTargets.isEmpty()) {
      List<String> blockRows = new ArrayList<>();
      for (BlockShape b : blockTargets) {
        String row = measure(b, config);
        out.println(row);
        blockRows.add(row);
      }
      out.println();
      out.println(BLOCK_HEADER);
      blockRows.forEach(out::println);
      out.println("int8 path: QuantizeV2 -> 3 int8 layers (quint8 on [0, 6] between them) -> Dequantize;"
          + " int8 chain: the 3 int8 layers alone on qint8 input");
    }
    return 0;
  }

  static String header() {
    return "| shape                          | from                                                  | in | GFLOP/call"
        + " | fp32 ms | fp32 GF/s | int8 path ms | speed-up | int8 conv ms | int8 GOP/s | speed-up | max err |"
        + " mean err |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  private String measure(ConvShape shape, QuantizedConv.Input kind, ConfigProto config) {
    String prefix = String.format(Locale.ROOT, "| %-30s | %-53s | %s | %10.3f |", shape.geometry(), shape.source(),
        kind, shape.gflops(batch));
    QuantizedConv conv;
    try {
      conv = new QuantizedConv(shape, batch, kind, 1, config);
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      return prefix + " int8 graph not built: " + firstLine(e);
    }
    try (conv) {
      LatencyStats fp32 = new LatencyStats();
      LatencyStats int8 = new LatencyStats();
      LatencyStats int8Conv = new LatencyStats();
      try {
        // Warm-up: oneDNN builds its primitives and reorders the weights on the first call. fp32 alone ran at
        // calibration; now an int8 node without a kernel fails placement of the whole graph, fp32 included.
        conv.runFp32();
        conv.runInt8();
        conv.runInt8Conv();
      } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
        // TensorFlow's status exceptions: TFInvalidArgumentException (no kernel) is an IllegalArgumentException,
        // TFUnimplementedException an UnsupportedOperationException, the rest TensorFlowExceptions.
        return prefix + " int8 path does not run: " + conv.int8Op() + ": " + firstLine(e);
      }
      for (int r = 0; r < rounds; r++) {
        fp32.addAll(timed(conv::runFp32));
        int8.addAll(timed(conv::runInt8));
        int8Conv.addAll(timed(conv::runInt8Conv));
      }
      QuantizationError error = conv.error();
      double gflop = shape.gflops(batch);
      return prefix + String.format(Locale.ROOT,
          " %7.2f | %9.1f | %12.2f | %7.2fx | %12.2f | %10.1f | %7.2fx | %6.2f%% | %7.3f%% |",
          fp32.median(), gflop / (fp32.median() / 1000), int8.median(), fp32.median() / int8.median(),
          int8Conv.median(), gflop / (int8Conv.median() / 1000), fp32.median() / int8Conv.median(),
          100 * error.relativeMax(), 100 * error.relativeMean());
    }
  }

  static final String BLOCK_HEADER = "| block (1x1 expand, dw, 1x1 project)                          | GFLOP/call |"
      + " fp32 ms | fp32 GF/s | int8 path ms | speed-up | int8 chain ms | int8 GOP/s | speed-up | max err | mean err |"
      + "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

  private String measure(BlockShape b, ConfigProto config) {
    QuantizedBlock block;
    try {
      block = new QuantizedBlock(b.label(), b.h(), b.w(), b.channels(), b.expanded(), b.k(), batch, 1, config);
    } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
      return String.format(Locale.ROOT, "| %dx%dx%d block | int8 block not built: %s", b.h(), b.w(), b.channels(),
          firstLine(e));
    }
    try (block) {
      String prefix = String.format(Locale.ROOT, "| %-60s | %10.3f |", block.label(), block.gflops());
      LatencyStats fp32 = new LatencyStats();
      LatencyStats int8 = new LatencyStats();
      LatencyStats chain = new LatencyStats();
      try {
        block.runFp32();
        block.runInt8();
        block.runInt8Chain();
      } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
        return prefix + " int8 block does not run: " + firstLine(e);
      }
      for (int r = 0; r < rounds; r++) {
        fp32.addAll(timed(block::runFp32));
        int8.addAll(timed(block::runInt8));
        chain.addAll(timed(block::runInt8Chain));
      }
      QuantizationError error = block.error();
      double gflop = block.gflops();
      return prefix + String.format(Locale.ROOT,
          " %7.2f | %9.1f | %12.2f | %7.2fx | %13.2f | %10.1f | %7.2fx | %6.2f%% | %7.3f%% |",
          fp32.median(), gflop / (fp32.median() / 1000), int8.median(), fp32.median() / int8.median(),
          chain.median(), gflop / (chain.median() / 1000), fp32.median() / chain.median(),
          100 * error.relativeMax(), 100 * error.relativeMean());
    }
  }

  /** Calls {@code call} until one round's time has passed (at least once); wall ms of each call. */
  private List<Double> timed(Runnable call) {
    List<Double> ms = new ArrayList<>();
    long end = System.nanoTime() + roundMs * 1_000_000L;
    do {
      long start = System.nanoTime();
      call.run();
      ms.add((System.nanoTime() - start) / 1e6);
    } while (System.nanoTime() < end);
    return ms;
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}

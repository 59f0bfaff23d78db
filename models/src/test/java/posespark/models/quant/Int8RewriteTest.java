package posespark.models.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import posespark.models.runtime.HostOptions;

class Int8RewriteTest {
  private static final int N = 2;
  private static final int H = 12;
  private static final int C = 8;
  private static final int E = 16;
  private static final int OUT = 12;

  private final Random random = new Random(7);
  private final float[] w1 = gaussian(3 * 3 * C * E, Math.sqrt(2.0 / (9 * C)));
  private final float[] b1 = gaussian(E, 0.1);
  private final float[] wd = gaussian(3 * 3 * E, Math.sqrt(2.0 / 9));
  private final float[] bd = gaussian(E, 0.1);
  private final float[] w3 = gaussian(E * C, Math.sqrt(1.0 / E));
  private final float[] b3 = gaussian(C, 0.1);
  private final float[] w4 = gaussian(C * OUT, Math.sqrt(2.0 / C));
  private final float[] b4 = gaussian(OUT, 0.1);
  private final float[] input = gaussian(N * H * H * C, 1);

  /**
   * A small MobileNet-like graph (3x3 conv + ReLU6, depthwise + ReLU6, linear 1x1 projection, fp32
   * residual add, 1x1 conv + ReLU) rewritten to int8: four int8 layers, two of them reading the previous
   * layer's int8 output directly. The output stays within the worst-case bound propagated layer by layer
   * (each layer adds {@code sum|w_c| E_in + K (s_wc / 2)(X + E_in)}, the input error through the weights and
   * the weight rounding, plus half a bias step and half an output step; a quantize adds half an input step),
   * and its RMS error within twice the same propagation of rounding as uniform noise (variance step²/12).
   */
  @Test
  void rewrittenGraphRunsInt8LayersWithinThePropagatedQuantizationBound() {
    GraphDef fp32 = buildGraph();
    List<ConvLayer> layers = ConvLayer.find(fp32);
    assertThat(layers).extracting(ConvLayer::activationOp).containsExactly("Relu6", "Relu6", "", "Relu");

    ActivationRanges ranges;
    try (RangeCalibration calibration = new RangeCalibration(fp32, "input", Map.of("out", "out"),
        Int8Rewrite.calibrationTensors(layers), HostOptions.defaults().toConfigProto())) {
      calibration.run(input, false, new long[] {N, H, H, C}, List.of("out"));
      ranges = calibration.ranges();
    }
    assertThat(ranges.size()).isEqualTo(6); // input, l1, l2, l3, add, l4 (a layer reads the one before)

    Int8Rewrite.Result int8 = Int8Rewrite.rewrite(fp32, ranges, Set.of());
    assertThat(int8.quantized()).isEqualTo(4);
    assertThat(int8.chained()).isEqualTo(2);
    assertThat(int8.graph().getNodeList()).extracting(NodeDef::getOp)
        .contains("QuantizeV2", "QuantizedConv2DWithBiasAndReluAndRequantize",
            "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize", "QuantizedConv2DWithBiasAndRequantize", "Dequantize")
        .doesNotContain("Conv2D", "DepthwiseConv2dNative", "BiasAdd", "Relu6");

    float[] expected = run(fp32, "out");
    float[] actual = run(int8.graph(), "out");

    // Worst case, layer by layer (rigorous, loose: it compounds the weights' L1 norms).
    float xMax = maxAbs(input);
    double s1in = xMax / 127.0;
    double s1 = ranges.get("l1:0")[1] / 255.0;
    double sd = ranges.get("l2:0")[1] / 255.0;
    float[] r3 = ranges.get("l3:0");
    double s3 = Math.max(-r3[0], r3[1]) / 127.0;
    float[] add = ranges.get("add:0");
    double s4in = Math.max(-add[0], add[1]) / 127.0;
    double s4 = ranges.get("l4:0")[1] / 255.0;
    double e1 = layerError(w1, 9 * C, E, s1in / 2, xMax, s1in, s1);
    double e2 = layerError(wd, 9, E, e1, ranges.get("l1:0")[1], s1, sd);
    double e3 = layerError(w3, E, C, e2, ranges.get("l2:0")[1], sd, s3);
    double e4 = layerError(w4, C, OUT, e3 + s4in / 2, Math.max(-add[0], add[1]) + e3, s4in, s4);
    // Rounding as independent uniform noise (variance step^2 / 12), propagated the same way: the typical error.
    double v1 = layerVariance(w1, 9 * C, E, s1in * s1in / 12, meanSquare(input), s1);
    double v2 = layerVariance(wd, 9, E, v1, meanSquare(run(fp32, "l1")), sd);
    double v3 = layerVariance(w3, E, C, v2, meanSquare(run(fp32, "l2")), s3);
    double v4 = layerVariance(w4, C, OUT, v3 + s4in * s4in / 12, meanSquare(run(fp32, "add")), s4);

    double maxErr = 0;
    double squares = 0;
    for (int i = 0; i < expected.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
      squares += (expected[i] - actual[i]) * (expected[i] - actual[i]);
    }
    double rms = Math.sqrt(squares / expected.length);
    assertThat(maxErr).isGreaterThan(0).isLessThanOrEqualTo(e4);
    // A wrong scale, range or dropped clip moves outputs by a good part of their range (~10 here).
    assertThat(rms).isLessThanOrEqualTo(2 * Math.sqrt(v4));
    assertThat(Math.sqrt(v4)).isLessThan(0.01 * maxAbs(expected));
  }

  /** Noise variance of one layer's output (worst channel) given its input's noise variance {@code vIn}. */
  private static double layerVariance(float[] w, int taps, int channels, double vIn, double meanSquareX,
      double sOut) {
    double worst = 0;
    for (int c = 0; c < channels; c++) {
      double sumSq = 0;
      double maxAbs = 0;
      for (int k = 0; k < taps; k++) {
        double v = w[k * channels + c];
        sumSq += v * v;
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      double sw = maxAbs / 127;
      worst = Math.max(worst, sumSq * vIn + taps * meanSquareX * sw * sw / 12);
    }
    return worst + sOut * sOut / 12;
  }

  private static double meanSquare(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f * f;
    }
    return s / v.length;
  }

  /** Error bound of one layer (per output channel c, the worst channel) given its input error {@code eIn}. */
  private static double layerError(float[] w, int taps, int channels, double eIn, double xMax, double sIn,
      double sOut) {
    double worst = 0;
    for (int c = 0; c < channels; c++) {
      double sumAbs = 0;
      double maxAbs = 0;
      for (int k = 0; k < taps; k++) {
        double v = Math.abs(w[k * channels + c]);
        sumAbs += v;
        maxAbs = Math.max(maxAbs, v);
      }
      double sw = maxAbs / 127;
      worst = Math.max(worst, sumAbs * eIn + taps * sw / 2 * (xMax + eIn) + sIn * sw / 2);
    }
    return worst + sOut / 2;
  }

  private GraphDef buildGraph() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, H, C)));
      List<Long> one = List.of(1L, 1L, 1L, 1L);
      var l1 = tf.withName("l1").nn.relu6(tf.nn.biasAdd(
          tf.nn.conv2d(x, constant(tf, Shape.of(3, 3, C, E), w1), one, "SAME"), constant(tf, Shape.of(E), b1)));
      var l2 = tf.withName("l2").nn.relu6(tf.nn.biasAdd(
          tf.nn.depthwiseConv2dNative(l1, constant(tf, Shape.of(3, 3, E, 1), wd), one, "SAME"),
          constant(tf, Shape.of(E), bd)));
      var l3 = tf.withName("l3").nn.biasAdd(
          tf.nn.conv2d(l2, constant(tf, Shape.of(1, 1, E, C), w3), one, "SAME"), constant(tf, Shape.of(C), b3));
      var add = tf.withName("add").math.add(l3, x);
      var l4 = tf.withName("l4").nn.relu(tf.nn.biasAdd(
          tf.nn.conv2d(add, constant(tf, Shape.of(1, 1, C, OUT), w4), one, "SAME"), constant(tf, Shape.of(OUT), b4)));
      tf.withName("out").identity(l4);
      return g.toGraphDef();
    }
  }

  private float[] run(GraphDef graph, String tensor) {
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      try (Session s = new Session(g, HostOptions.defaults().toConfigProto());
          TFloat32 in = TFloat32.tensorOf(Shape.of(N, H, H, C), DataBuffers.of(input, true, false));
          Result r = s.runner().feed("input", in).fetch(tensor).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] v = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(v, false, false));
        return v;
      }
    }
  }

  private static org.tensorflow.Operand<TFloat32> constant(Ops tf, Shape shape, float[] v) {
    return tf.constant(shape, DataBuffers.of(v, true, false));
  }

  private float[] gaussian(int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return v;
  }

  private static float maxAbs(float[] v) {
    float m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }
}

package posespark.models.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * One inverted-residual block as MoveNet and BlazePose stack them (without the residual add): 1x1 expansion
 * + ReLU6, k x k depthwise + ReLU6, linear 1x1 projection, computed as fp32 and as a chain of oneDNN int8
 * layers that stays int8 between them:
 * {@code QuantizedConv2DWithBiasAndReluAndRequantize} (qint8 in, quint8 out on [0, 6], which is the ReLU6),
 * {@code QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize} (quint8 on [0, 6] both sides),
 * {@code QuantizedConv2DWithBiasAndRequantize} (qint8 out). Timed: fp32, the int8 chain with
 * {@code QuantizeV2} / {@code Dequantize} at its ends, and the int8 chain alone on int8 input. Scales are per
 * tensor and symmetric from the data (input, weights) or fixed ([0, 6] after ReLU6); the projection's output
 * range comes from the fp32 result of the same data.
 */
public final class QuantizedBlock implements AutoCloseable {
  private final String label;
  private final int batch;
  private final long macsPerImage;
  private final Graph graph = new Graph();
  private final Session session;
  private final TFloat32 inputTensor;
  private final TUint8 inputQTensor;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TUint8> xq;
  private final Operand<TFloat32> fp32;
  private final GraphOperation int8;
  private final GraphOperation int8Chain;
  private final float outputMaxAbs;

  /**
   * A block on h x w x channels input, expanded to {@code expanded} channels, depthwise kernel k x k,
   * stride 1, SAME padding; seeded random data (input N(0, 1), He-scaled weights, small biases).
   */
  public QuantizedBlock(String source, int h, int w, int channels, int expanded, int k, int batch, long seed,
      ConfigProto config) {
    this.batch = batch;
    this.label = String.format(Locale.ROOT, "%dx%dx%d 1x1->%d dw%dx%d 1x1->%d", h, w, channels, expanded, k, k,
        channels) + (source.isEmpty() ? "" : " (" + source + ")");
    this.macsPerImage = (long) h * w * expanded * (channels + k * k + channels);
    Random random = new Random(seed);
    float[] input = gaussian(random, batch * h * w * channels, 1);
    float[] w1 = gaussian(random, channels * expanded, Math.sqrt(2.0 / channels));
    float[] b1 = gaussian(random, expanded, 0.1);
    float[] wd = gaussian(random, k * k * expanded, Math.sqrt(2.0 / (k * k)));
    float[] bd = gaussian(random, expanded, 0.1);
    float[] w2 = gaussian(random, expanded * channels, Math.sqrt(1.0 / expanded));
    float[] b2 = gaussian(random, channels, 0.1);

    Ops tf = Ops.create(graph);
    Shape inShape = Shape.of(batch, h, w, channels);
    x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(inShape));
    xq = tf.withName("xq").placeholder(TUint8.class, Placeholder.shape(inShape));
    Shape w1Shape = Shape.of(1, 1, channels, expanded);
    Shape wdShape = Shape.of(k, k, expanded, 1);
    Shape w2Shape = Shape.of(1, 1, expanded, channels);
    List<Long> one = List.of(1L, 1L, 1L, 1L);
    var bias1 = tf.constant(Shape.of(expanded), DataBuffers.of(b1, true, false));
    var biasD = tf.constant(Shape.of(expanded), DataBuffers.of(bd, true, false));
    var bias2 = tf.constant(Shape.of(channels), DataBuffers.of(b2, true, false));
    var y1 = tf.nn.relu6(tf.nn.biasAdd(tf.nn.conv2d(x, constant(tf, w1Shape, w1), one, "SAME"), bias1));
    var y2 = tf.nn.relu6(tf.nn.biasAdd(tf.nn.depthwiseConv2dNative(y1, constant(tf, wdShape, wd), one, "SAME"),
        biasD));
    fp32 = tf.withName("fp32").nn.biasAdd(tf.nn.conv2d(y2, constant(tf, w2Shape, w2), one, "SAME"), bias2);
    session = new Session(graph, config);

    float inputScale = Int8Ops.maxAbs(input) / 127f;
    inputTensor = TFloat32.tensorOf(inShape, DataBuffers.of(input, true, false));
    inputQTensor = TUint8.tensorOf(inShape, DataBuffers.of(Int8Ops.quantize(input, inputScale, -127, 127), true,
        false));
    outputMaxAbs = Int8Ops.maxAbs(fp32Output());

    var minIn = tf.constant(-127 * inputScale).asOutput();
    var maxIn = tf.constant(127 * inputScale).asOutput();
    var zero = tf.constant(0f).asOutput();
    var six = tf.constant(6f).asOutput();
    var minOut = tf.constant(-outputMaxAbs).asOutput();
    var maxOut = tf.constant(outputMaxAbs).asOutput();
    Weights q1 = Weights.of(tf, graph, w1Shape, w1, "w1");
    Weights qd = Weights.of(tf, graph, wdShape, wd, "wd");
    Weights q2 = Weights.of(tf, graph, w2Shape, w2, "w2");

    GraphOperation quantized = Int8Ops.quantize(graph, x.asOutput(), minIn, maxIn, DataType.DT_QINT8, "int8/quantize");
    GraphOperation last = chain(quantized.output(0), minIn, maxIn, zero, six, minOut, maxOut, q1, qd, q2,
        bias1.asOutput(), biasD.asOutput(), bias2.asOutput(), "int8/");
    int8 = Int8Ops.dequantize(graph, last, DataType.DT_QINT8, "int8/dequantize");
    Output<?> xqInt8 = Int8Ops.bitcast(graph, xq.asOutput(), DataType.DT_QINT8, "xq_int8");
    int8Chain = chain(xqInt8, minIn, maxIn, zero, six, minOut, maxOut, q1, qd, q2, bias1.asOutput(),
        biasD.asOutput(), bias2.asOutput(), "int8_chain/");
  }

  /** Quantized weights (per tensor, symmetric) as a qint8 graph constant with its range. */
  private record Weights(Output<?> q, Output<?> min, Output<?> max) {
    static Weights of(Ops tf, Graph graph, Shape shape, float[] w, String name) {
      float scale = Int8Ops.maxAbs(w) / 127f;
      var bytes = tf.constant(shape, DataBuffers.of(Int8Ops.quantize(w, scale, -127, 127), true, false));
      return new Weights(Int8Ops.bitcast(graph, bytes.asOutput(), DataType.DT_QINT8, name),
          tf.constant(-127 * scale).asOutput(), tf.constant(127 * scale).asOutput());
    }
  }

  private GraphOperation chain(Output<?> in, Output<?> minIn, Output<?> maxIn, Output<?> zero, Output<?> six,
      Output<?> minOut, Output<?> maxOut, Weights q1, Weights qd, Weights q2, Output<?> b1, Output<?> bd,
      Output<?> b2, String prefix) {
    long[] one = {1, 1, 1, 1};
    GraphOperation expand = graph.opBuilder("QuantizedConv2DWithBiasAndReluAndRequantize", prefix + "expand",
            graph.baseScope())
        .addInput(in).addInput(q1.q()).addInput(b1).addInput(minIn).addInput(maxIn).addInput(q1.min())
        .addInput(q1.max()).addInput(zero).addInput(six)
        .setAttr("Tinput", DataType.DT_QINT8).setAttr("Tfilter", DataType.DT_QINT8).setAttr("Tbias", DataType.DT_FLOAT)
        .setAttr("out_type", DataType.DT_QUINT8).setAttr("strides", one).setAttr("padding", "SAME").build();
    GraphOperation depthwise = graph.opBuilder("QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize",
            prefix + "depthwise", graph.baseScope())
        .addInput(expand.output(0)).addInput(qd.q()).addInput(bd).addInput(zero).addInput(six).addInput(qd.min())
        .addInput(qd.max()).addInput(zero).addInput(six)
        .setAttr("Tinput", DataType.DT_QUINT8).setAttr("Tfilter", DataType.DT_QINT8).setAttr("Tbias", DataType.DT_FLOAT)
        .setAttr("out_type", DataType.DT_QUINT8).setAttr("strides", one).setAttr("padding", "SAME").build();
    return graph.opBuilder("QuantizedConv2DWithBiasAndRequantize", prefix + "project", graph.baseScope())
        .addInput(depthwise.output(0)).addInput(q2.q()).addInput(b2).addInput(zero).addInput(six).addInput(q2.min())
        .addInput(q2.max()).addInput(minOut).addInput(maxOut)
        .setAttr("Tinput", DataType.DT_QUINT8).setAttr("Tfilter", DataType.DT_QINT8).setAttr("Tbias", DataType.DT_FLOAT)
        .setAttr("out_type", DataType.DT_QINT8).setAttr("strides", one).setAttr("padding", "SAME").build();
  }

  private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, DataBuffers.of(values, true, false));
  }

  private static float[] gaussian(Random random, int n, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return v;
  }

  /** "16x16x168 1x1->1008 dw3x3 1x1->168 (source)". */
  public String label() {
    return label;
  }

  /** FLOPs of one call (2 per multiply-accumulate of the three convolutions), in GFLOP. */
  public double gflops() {
    return 2.0 * macsPerImage * batch / 1e9;
  }

  public void runFp32() {
    session.runner().feed(x, inputTensor).addTarget(fp32).run();
  }

  /** The int8 chain between {@code QuantizeV2} and {@code Dequantize}. */
  public void runInt8() {
    session.runner().feed(x, inputTensor).addTarget(int8).run();
  }

  /** The three int8 layers alone, on qint8 input, leaving qint8 output. */
  public void runInt8Chain() {
    session.runner().feed(xq, inputQTensor).addTarget(int8Chain).run();
  }

  public float[] fp32Output() {
    return Int8Ops.fetchFloats(session.runner().feed(x, inputTensor).fetch(fp32));
  }

  public float[] int8Output() {
    return Int8Ops.fetchFloats(session.runner().feed(x, inputTensor).fetch(int8.output(0)));
  }

  /** The int8 block's error against fp32, relative to the fp32 output's range. */
  public QuantizationError error() {
    return QuantizationError.of(fp32Output(), int8Output());
  }

  @Override
  public void close() {
    inputTensor.close();
    inputQTensor.close();
    session.close();
    graph.close();
  }
}

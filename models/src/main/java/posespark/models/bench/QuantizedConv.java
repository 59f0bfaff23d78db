package posespark.models.bench;

import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One convolution layer computed three ways in one TensorFlow session, for comparing fp32 with int8:
 * <ul>
 *   <li>fp32: {@code Conv2D + BiasAdd + Relu} (grappler fuses it into oneDNN's fp32 convolution);</li>
 *   <li>int8 path: {@code QuantizeV2} (fp32 to quint8 or qint8) -> {@code QuantizedConv2DWithBiasAndReluAndRequantize}
 *       (int8 x qint8, int32 accumulators, fp32 bias, ReLU, requantized to quint8) -> {@code Dequantize};</li>
 *   <li>int8 conv: the same quantized convolution alone on input that is already int8.</li>
 * </ul>
 * Scales are per-tensor and symmetric, from the data's own ranges: input {@code s_in = max(x) / 255} when it
 * is non-negative (quint8, as after a ReLU: {@link Input#U8}) or {@code max|x| / 127} when signed (qint8, as
 * a linear bottleneck's output feeding the next expansion: {@link Input#S8}), weights
 * {@code s_w = max|w| / 127}, output {@code s_out = max(y) / 255} with {@code y} the fp32 result (calibrated
 * on the very data it is checked on, so the output range is never clipped). Quantized tensors cross the API
 * as bytes and are {@code Bitcast} in the graph ({@link Int8Ops}).
 * Timed calls fetch nothing (the result node is a run target), so no output copy is timed on either side.
 */
public final class QuantizedConv implements AutoCloseable {
  /** Op type of the int8 convolution kernel this class exercises. */
  public static final String INT8_CONV_OP = "QuantizedConv2DWithBiasAndReluAndRequantize";
  /** The same for a depthwise layer. */
  public static final String INT8_DEPTHWISE_OP = "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize";

  /** The layer input's sign, which picks its int8 type. */
  public enum Input {
    /** Non-negative (ReLU output), quint8 with 255 steps: oneDNN's native u8 x s8 form. */
    U8(DataType.DT_QUINT8, 0, 255),
    /** Signed, qint8 with -127..127. */
    S8(DataType.DT_QINT8, -127, 127);

    final DataType type;
    final int lo;
    final int hi;

    Input(DataType type, int lo, int hi) {
      this.type = type;
      this.lo = lo;
      this.hi = hi;
    }
  }

  private final ConvShape shape;
  private final int batch;
  private final Input kind;
  private final Graph graph = new Graph();
  private final Session session;
  private final float[] input;
  private final float[] weights;
  private final float[] bias;
  private final byte[] inputQ;
  private final byte[] weightsQ;
  private final float inputScale;
  private final float weightScale;
  private final float outputMax;
  private final TFloat32 inputTensor;
  private final TUint8 inputQTensor;
  private final Placeholder<TFloat32> x;
  private final Placeholder<TUint8> xq;
  private final Operand<TFloat32> fp32;
  private final GraphOperation int8;
  private final GraphOperation int8Conv;
  private final Output<TInt32> accumulators;
  private final Output<TUint8> quantizedByGraph;

  /**
   * Random layer data (seeded): input N(0, 1), for {@link Input#U8} max(0, N(0, 1)) like a ReLU's output;
   * He-scaled Gaussian weights, small Gaussian bias. Builds the graphs and runs fp32 once to calibrate the
   * output range.
   */
  public QuantizedConv(ConvShape shape, int batch, Input kind, long seed, ConfigProto config) {
    this.shape = shape;
    this.batch = batch;
    this.kind = kind;
    Random random = new Random(seed);
    input = new float[batch * shape.h() * shape.w() * shape.cin()];
    for (int i = 0; i < input.length; i++) {
      double v = random.nextGaussian();
      input[i] = (float) (kind == Input.U8 ? Math.max(0, v) : v);
    }
    int fanIn = shape.kh() * shape.kw() * (shape.depthwise() ? 1 : shape.cin());
    weights = new float[shape.kh() * shape.kw() * shape.cin() * (shape.depthwise() ? 1 : shape.cout())];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
    }
    bias = new float[shape.cout()];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) (random.nextGaussian() * 0.1);
    }
    inputScale = kind == Input.U8 ? Int8Ops.max(input) / 255f : Int8Ops.maxAbs(input) / 127f;
    weightScale = Int8Ops.maxAbs(weights) / 127f;
    inputQ = Int8Ops.quantize(input, inputScale, kind.lo, kind.hi);
    weightsQ = Int8Ops.quantize(weights, weightScale, -127, 127);

    Ops tf = Ops.create(graph);
    Shape inShape = Shape.of(batch, shape.h(), shape.w(), shape.cin());
    Shape wShape = Shape.of(shape.kh(), shape.kw(), shape.cin(), shape.depthwise() ? 1 : shape.cout());
    x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(inShape));
    xq = tf.withName("xq").placeholder(TUint8.class, Placeholder.shape(inShape));
    var w = tf.constant(wShape, DataBuffers.of(weights, true, false));
    var b = tf.constant(Shape.of(shape.cout()), DataBuffers.of(bias, true, false));
    var strides = java.util.List.of(1L, (long) shape.stride(), (long) shape.stride(), 1L);
    Operand<TFloat32> linear = shape.depthwise() ? tf.nn.depthwiseConv2dNative(x, w, strides, shape.padding())
        : tf.nn.conv2d(x, w, strides, shape.padding());
    fp32 = tf.withName("fp32").nn.relu(tf.nn.biasAdd(linear, b));
    session = new Session(graph, config);
    inputTensor = TFloat32.tensorOf(inShape, DataBuffers.of(input, true, false));
    inputQTensor = TUint8.tensorOf(inShape, DataBuffers.of(inputQ, true, false));
    outputMax = Int8Ops.max(fp32Output());

    var wq = bitcast(tf.constant(wShape, DataBuffers.of(weightsQ, true, false)).asOutput(), DataType.DT_QINT8, "wq");
    var minIn = tf.constant(kind.lo * inputScale).asOutput();
    var maxIn = tf.constant(kind.hi * inputScale).asOutput();
    var maxW = tf.constant(127 * weightScale).asOutput();
    var minW = tf.constant(-127 * weightScale).asOutput();
    var minOut = tf.constant(0f).asOutput();
    var maxOut = tf.constant(outputMax).asOutput();
    GraphOperation quantized = Int8Ops.quantize(graph, x.asOutput(), minIn, maxIn, kind.type, "int8/quantize");
    quantizedByGraph = bitcast(quantized.output(0), DataType.DT_UINT8, "int8/quantized_bytes");
    GraphOperation conv = int8Conv(quantized.output(0), wq, b.asOutput(), minIn, maxIn, minW, maxW, minOut, maxOut,
        "int8/conv");
    int8 = Int8Ops.dequantize(graph, conv, DataType.DT_QUINT8, "int8/dequantize");
    Output<?> xqInt8 = bitcast(xq.asOutput(), kind.type, "xq_int8");
    int8Conv = int8Conv(xqInt8, wq, b.asOutput(), minIn, maxIn, minW, maxW, minOut, maxOut, "int8_conv/conv");
    // QuantizedConv2D has no qint8-input kernel; the bias variant with a zero bias adds exactly nothing.
    var zeroBias = tf.zeros(tf.constant(new long[] {shape.cout()}), TFloat32.class).asOutput();
    String rawOp = shape.depthwise() ? "QuantizedDepthwiseConv2DWithBias" : "QuantizedConv2DWithBias";
    GraphOperation raw = graph.opBuilder(rawOp, "int32/conv", graph.baseScope())
        .addInput(xqInt8).addInput(wq).addInput(zeroBias).addInput(minIn).addInput(maxIn).addInput(minW).addInput(maxW)
        .setAttr("Tinput", kind.type).setAttr("Tfilter", DataType.DT_QINT8)
        .setAttr("out_type", DataType.DT_QINT32).setAttr("strides", strideAttr())
        .setAttr("padding", shape.padding()).build();
    accumulators = bitcast(raw.output(0), DataType.DT_INT32, "int32/acc");
  }

  private GraphOperation int8Conv(Output<?> in, Output<?> w, Output<?> bias, Output<?> minIn, Output<?> maxIn,
      Output<?> minW, Output<?> maxW, Output<?> minOut, Output<?> maxOut, String name) {
    return graph.opBuilder(int8Op(), name, graph.baseScope())
        .addInput(in).addInput(w).addInput(bias).addInput(minIn).addInput(maxIn).addInput(minW).addInput(maxW)
        .addInput(minOut).addInput(maxOut)
        .setAttr("Tinput", kind.type).setAttr("Tfilter", DataType.DT_QINT8)
        .setAttr("Tbias", DataType.DT_FLOAT).setAttr("out_type", DataType.DT_QUINT8)
        .setAttr("strides", strideAttr()).setAttr("padding", shape.padding()).build();
  }

  private <T extends org.tensorflow.types.family.TType> Output<T> bitcast(Output<?> in, DataType to, String name) {
    return Int8Ops.bitcast(graph, in, to, name);
  }

  private long[] strideAttr() {
    return new long[] {1, shape.stride(), shape.stride(), 1};
  }

  /** The int8 kernel's op type: {@link #INT8_CONV_OP} or, for a depthwise layer, {@link #INT8_DEPTHWISE_OP}. */
  public String int8Op() {
    return shape.depthwise() ? INT8_DEPTHWISE_OP : INT8_CONV_OP;
  }

  public ConvShape shape() {
    return shape;
  }

  public int batch() {
    return batch;
  }

  public Input input() {
    return kind;
  }

  public float inputScale() {
    return inputScale;
  }

  public float weightScale() {
    return weightScale;
  }

  /** The calibrated top of the output range; the output scale is this / 255. */
  public float outputMax() {
    return outputMax;
  }

  /** The quantized input the int8 conv is fed (NHWC; 0..255 for U8, -127..127 as two's complement for S8). */
  public byte[] quantizedInput() {
    return inputQ.clone();
  }

  /** The layer's fp32 bias (one per output channel). */
  public float[] bias() {
    return bias.clone();
  }

  /** The input as the int8 path's {@code QuantizeV2} quantized it (layout and encoding of {@link #quantizedInput}). */
  public byte[] quantizedByGraph() {
    try (var result = session.runner().feed(x, inputTensor).fetch(quantizedByGraph).run()) {
      Tensor t = result.get(0);
      byte[] out = new byte[(int) t.size()];
      t.asRawTensor().data().read(out);
      return out;
    }
  }

  /** The quantized weights (values -127..127, HWIO; depthwise: HW x channel). */
  public byte[] quantizedWeights() {
    return weightsQ.clone();
  }

  /** One fp32 call (Conv2D + BiasAdd + Relu), result computed and dropped. */
  public void runFp32() {
    session.runner().feed(x, inputTensor).addTarget(fp32).run();
  }

  /** One call of the whole int8 path: quantize, int8 conv with bias and ReLU, requantize, dequantize. */
  public void runInt8() {
    session.runner().feed(x, inputTensor).addTarget(int8).run();
  }

  /** One call of the int8 convolution alone, on the already quantized input. */
  public void runInt8Conv() {
    session.runner().feed(xq, inputQTensor).addTarget(int8Conv).run();
  }

  /** The fp32 result, NHWC. */
  public float[] fp32Output() {
    return Int8Ops.fetchFloats(session.runner().feed(x, inputTensor).fetch(fp32));
  }

  /** The int8 path's result dequantized to fp32, NHWC. */
  public float[] int8Output() {
    return Int8Ops.fetchFloats(session.runner().feed(x, inputTensor).fetch(int8.output(0)));
  }

  /** The int8 convolution's raw int32 accumulators (no bias, no ReLU) on the quantized input, NHWC. */
  public int[] accumulators() {
    try (var result = session.runner().feed(xq, inputQTensor).fetch(accumulators).run()) {
      TInt32 t = (TInt32) result.get(0);
      int[] out = new int[(int) t.size()];
      t.asRawTensor().data().asInts().read(out);
      return out;
    }
  }

  /** Error of the int8 path against fp32, relative to the fp32 output's range. */
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

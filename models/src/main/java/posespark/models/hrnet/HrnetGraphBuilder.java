package posespark.models.hrnet;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/**
 * Builds HRNet as a TensorFlow graph (NHWC, float32) with folded BatchNorm: each conv+BN is one
 * Conv2D + BiasAdd (+ Relu) whose weights are graph constants. 3x3 convolutions pad 1 on every side like
 * PyTorch, by default with Conv2D's explicit pads ({@code SAME} would pad stride-2 convs on the bottom/right
 * only); {@link ConvPadding#SAME_OR_PAD} computes the same numbers with other ops, for the benchmark's
 * side-by-side comparison of the two layouts.
 */
public final class HrnetGraphBuilder implements HrnetLayers<Operand<TFloat32>> {
  /** ImageNet statistics on [0, 1] RGB, the normalisation the official HRNet models were trained with. */
  public static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  public static final float[] STD = {0.229f, 0.224f, 0.225f};

  /** How 3x3 convolutions get their symmetric padding of 1. */
  public enum ConvPadding {
    /** Conv2D's EXPLICIT padding attribute (the default). */
    EXPLICIT,
    /** SAME at stride 1, a Pad op and a VALID conv at stride 2. */
    SAME_OR_PAD
  }

  private final Ops tf;
  private final HrnetWeights weights;
  private final ConvPadding padding;

  /** The two ends of a built network. */
  public record Endpoints(Placeholder<TFloat32> input, Operand<TFloat32> heatmaps) {
  }

  private HrnetGraphBuilder(Ops tf, HrnetWeights weights, ConvPadding padding) {
    this.tf = tf;
    this.weights = weights;
    this.padding = padding;
  }

  /**
   * Adds the network to {@code tf}'s graph: placeholder {@code input} [N, H, W, 3] RGB in 0..255
   * (normalised inside the graph) and output {@code heatmaps} [N, H/4, W/4, 17].
   */
  public static Endpoints build(Ops tf, HrnetConfig config, HrnetWeights weights) {
    return build(tf, config, weights, ConvPadding.EXPLICIT);
  }

  /** {@link #build(Ops, HrnetConfig, HrnetWeights)} with a chosen way of padding the 3x3 convolutions. */
  public static Endpoints build(Ops tf, HrnetConfig config, HrnetWeights weights, ConvPadding padding) {
    Placeholder<TFloat32> input = tf.withName("input").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, config.inputHeight(), config.inputWidth(), 3)));
    Operand<TFloat32> normalised = normalise(tf, input);
    Operand<TFloat32> out = HrnetTopology.forward(config, new HrnetGraphBuilder(tf, weights, padding), normalised);
    return new Endpoints(input, tf.withName("heatmaps").identity(out));
  }

  /** {@code (x / 255 - mean) / std} as one subtraction and one multiplication per channel. */
  static Operand<TFloat32> normalise(Ops tf, Operand<TFloat32> rgb255) {
    float[] offset = new float[3];
    float[] scale = new float[3];
    for (int c = 0; c < 3; c++) {
      offset[c] = MEAN[c] * 255f;
      scale[c] = (float) (1.0 / (255.0 * STD[c]));
    }
    return tf.math.mul(tf.math.sub(rgb255, tf.constant(offset)), tf.constant(scale));
  }

  @Override
  public Operand<TFloat32> convBn(String conv, String bn, Operand<TFloat32> x, int in, int out, int kernel,
      int stride, boolean relu) {
    Operand<TFloat32> y = conv(x, weights.convBn(conv, bn, in, out, kernel), stride);
    return relu ? tf.nn.relu(y) : y;
  }

  @Override
  public Operand<TFloat32> convBias(String conv, Operand<TFloat32> x, int in, int out) {
    return conv(x, weights.convBias(conv, in, out), 1);
  }

  private Operand<TFloat32> conv(Operand<TFloat32> x, FoldedConv c, int stride) {
    Operand<TFloat32> kernel = tf.constant(Shape.of(c.kernel(), c.kernel(), c.inChannels(), c.outChannels()),
        DataBuffers.of(c.hwio(), true, false));
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    Operand<TFloat32> y;
    long p = c.kernel() / 2;
    if (c.kernel() == 1) {
      y = tf.nn.conv2d(x, kernel, strides, "VALID");
    } else if (padding == ConvPadding.EXPLICIT) {
      y = tf.nn.conv2d(x, kernel, strides, "EXPLICIT", Conv2d.explicitPaddings(0L, 0L, p, p, p, p, 0L, 0L));
    } else if (stride == 1) {
      // At stride 1 SAME pads k/2 on every side, exactly PyTorch's padding.
      y = tf.nn.conv2d(x, kernel, strides, "SAME");
    } else {
      // At stride 2 SAME would pad (0, 1) on even sizes where PyTorch pads (1, 1): a Pad op, then a VALID conv.
      Operand<TFloat32> padded = tf.pad(x, tf.constant(new long[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}),
          tf.constant(0f));
      y = tf.nn.conv2d(padded, kernel, strides, "VALID");
    }
    return tf.nn.biasAdd(y, tf.constant(c.bias()));
  }

  @Override
  public Operand<TFloat32> add(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.add(a, b);
  }

  @Override
  public Operand<TFloat32> relu(Operand<TFloat32> x) {
    return tf.nn.relu(x);
  }

  @Override
  public Operand<TFloat32> upsample(Operand<TFloat32> x, int factor) {
    Shape s = x.shape();
    return tf.image.resizeNearestNeighbor(x,
        tf.constant(new int[] {(int) s.get(1) * factor, (int) s.get(2) * factor}));
  }
}

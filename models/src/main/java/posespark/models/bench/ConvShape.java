package posespark.models.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;

/**
 * One NHWC convolution geometry: input h x w x cin, kernel kh x kw to cout channels, one stride for both
 * axes, SAME or VALID padding; a {@code Conv2D}, or with {@code depthwise} a {@code DepthwiseConv2dNative}
 * with channel multiplier 1 (cout = cin). {@code source} says where it came from (model and share of the
 * model's work of that op type) for printing.
 */
public record ConvShape(String source, int h, int w, int cin, int kh, int kw, int cout, int stride, String padding,
    boolean depthwise) {

  public ConvShape {
    if (depthwise && cout != cin) {
      throw new IllegalArgumentException("a depthwise convolution (multiplier 1) keeps its " + cin
          + " channels, not " + cout);
    }
    if (!padding.equals("SAME") && !padding.equals("VALID")) {
      throw new IllegalArgumentException("padding must be SAME or VALID, not " + padding);
    }
    if (h < kh && padding.equals("VALID") || w < kw && padding.equals("VALID")) {
      throw new IllegalArgumentException("a VALID " + kh + "x" + kw + " kernel does not fit " + h + "x" + w);
    }
  }

  public int outH() {
    return padding.equals("SAME") ? ceilDiv(h, stride) : (h - kh) / stride + 1;
  }

  public int outW() {
    return padding.equals("SAME") ? ceilDiv(w, stride) : (w - kw) / stride + 1;
  }

  /** Multiply-accumulates per image: output elements x kh x kw, times cin for a full convolution. */
  public long macsPerImage() {
    return (long) outH() * outW() * cout * kh * kw * (depthwise ? 1 : cin);
  }

  /** FLOPs (2 per multiply-accumulate) of one call on {@code batch} images, in GFLOP. */
  public double gflops(int batch) {
    return 2.0 * macsPerImage() * batch / 1e9;
  }

  /** "16x16x168 k1x1/1 SAME -> 1008" (depthwise: "dw3x3"), the geometry without its source. */
  public String geometry() {
    return String.format(Locale.ROOT, "%dx%dx%d %s%dx%d/%d %s -> %d", h, w, cin, depthwise ? "dw" : "k", kh, kw,
        stride, padding, cout);
  }

  private static final java.util.regex.Pattern SPEC =
      java.util.regex.Pattern.compile("(\\d+)x(\\d+)x(\\d+):(dw)?(\\d+)x(\\d+)/(\\d+):(\\d+)(:SAME|:VALID)?");

  /**
   * Parses {@code HxWxCIN:KHxKW/STRIDE:COUT[:SAME|:VALID]} (SAME by default), e.g. {@code 16x16x168:1x1/1:1008};
   * {@code dwKHxKW} for a depthwise convolution ({@code 32x32x336:dw3x3/1:336}).
   */
  public static ConvShape parse(String spec) {
    var m = SPEC.matcher(spec.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("shape '" + spec + "' is not HxWxCIN:[dw]KHxKW/STRIDE:COUT[:SAME|:VALID]");
    }
    int[] v = new int[7];
    for (int i = 0; i < 7; i++) {
      v[i] = Integer.parseInt(m.group(i < 3 ? i + 1 : i + 2));
      if (v[i] < 1) {
        throw new IllegalArgumentException("shape '" + spec + "': every size must be positive");
      }
    }
    String padding = m.group(9) == null ? "SAME" : m.group(9).substring(1);
    return new ConvShape("--shapes", v[0], v[1], v[2], v[3], v[4], v[6], v[5], padding, m.group(4) != null);
  }

  /**
   * The {@code n} Conv2D (or, with {@code depthwise}, DepthwiseConv2dNative) geometries of {@code graph} that
   * carry the most multiply-accumulates, layers of the same geometry summed (a model repeats its block
   * shapes), each labelled with {@code model} and its share of all the graph's work of that op type. Only
   * NHWC, equal-stride, undilated layers with static shapes (and depthwise multiplier 1) are read.
   */
  public static List<ConvShape> largest(Graph graph, String model, int n, boolean depthwise) {
    String type = depthwise ? "DepthwiseConv2dNative" : "Conv2D";
    Map<ConvShape, Long> macs = new LinkedHashMap<>();
    Map<ConvShape, Integer> layers = new LinkedHashMap<>();
    long total = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (!op.type().equals(type)) {
        continue;
      }
      ConvShape shape = of(op);
      if (shape == null) {
        continue;
      }
      macs.merge(shape, shape.macsPerImage(), Long::sum);
      layers.merge(shape, 1, Integer::sum);
      total += shape.macsPerImage();
    }
    List<ConvShape> ranked = new ArrayList<>(macs.keySet());
    ranked.sort(Comparator.comparing((ConvShape s) -> macs.get(s)).reversed());
    List<ConvShape> out = new ArrayList<>();
    for (ConvShape s : ranked.subList(0, Math.min(n, ranked.size()))) {
      String source = String.format(Locale.ROOT, "%s (%d layer%s, %.1f%% of its %s MACs)", model, layers.get(s),
          layers.get(s) == 1 ? "" : "s", 100.0 * macs.get(s) / total, depthwise ? "depthwise" : "Conv2D");
      out.add(new ConvShape(source, s.h, s.w, s.cin, s.kh, s.kw, s.cout, s.stride, s.padding, s.depthwise));
    }
    return out;
  }

  /** The geometry of one conv node, with an empty source; null when it is not plain NHWC with static shapes. */
  private static ConvShape of(GraphOperation op) {
    var attrs = op.attributes();
    long[] strides = attrs.getAttrIntList("strides");
    long[] dilations = attrs.getAttrIntList("dilations");
    String format = attrs.getAttrString("data_format");
    String padding = attrs.getAttrString("padding");
    Shape in = op.input(0).shape();
    Shape filter = op.input(1).shape();
    if (!format.equals("NHWC") || strides[1] != strides[2] || dilations[1] != 1 || dilations[2] != 1
        || !(padding.equals("SAME") || padding.equals("VALID")) || in.isUnknown() || filter.isUnknown()
        || in.get(1) < 0 || in.get(2) < 0 || in.get(3) < 0 || filter.get(3) < 0) {
      return null;
    }
    boolean depthwise = op.type().equals("DepthwiseConv2dNative");
    if (depthwise && filter.get(3) != 1) {
      return null;
    }
    int cout = (int) (depthwise ? in.get(3) : filter.get(3));
    return new ConvShape("", (int) in.get(1), (int) in.get(2), (int) in.get(3), (int) filter.get(0),
        (int) filter.get(1), cout, (int) strides[1], padding, depthwise);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}

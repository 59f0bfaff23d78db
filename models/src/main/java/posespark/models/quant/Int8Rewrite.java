package posespark.models.quant;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Rewrites an fp32 GraphDef's convolution layers ({@link ConvLayer}) into oneDNN int8 layers:
 * {@code QuantizeV2} → {@code QuantizedConv2DWithBias[AndRelu]AndRequantize} (or the quint8-only
 * {@code QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize}) → {@code Dequantize}, the Dequantize
 * taking the layer's output name so fp32 consumers are untouched. A layer that reads another int8
 * layer's output reads its int8 tensor directly (no Dequantize/QuantizeV2 pair between them), so chains
 * of layers (an inverted-residual block) stay int8 inside.
 *
 * <p>Scales: weights per output channel, symmetric ({@code max|w_c|/127}); activations per tensor from
 * calibrated ranges: inputs that are never negative as quint8 on [0, max], others as qint8 on
 * [-M, M]; ReLU/ReLU6 outputs as quint8 on [0, max] (the requantize range clips, which is the ReLU6),
 * linear outputs as qint8 on [-M, M]. Layers without an int8 kernel (a depthwise layer whose input can
 * be negative or that has no ReLU) and layers named in {@code keepFp32} stay fp32.
 */
public final class Int8Rewrite {

  /** What the rewrite did. */
  public record Result(GraphDef graph, int quantized, int chained, List<String> keptFp32) {}

  private Int8Rewrite() {}

  /** The tensors whose ranges {@link #rewrite} needs: each layer's input and output. */
  public static Set<String> calibrationTensors(List<ConvLayer> layers) {
    Set<String> tensors = new LinkedHashSet<>();
    for (ConvLayer l : layers) {
      tensors.add(tensorName(l.input()));
      tensors.add(l.output() + ":0");
    }
    return tensors;
  }

  /**
   * The int8 form of {@code graph}.
   *
   * @param keepFp32 layer output names to leave in fp32 (e.g. the heads' last convolutions)
   */
  public static Result rewrite(GraphDef graph, ActivationRanges ranges, Set<String> keepFp32) {
    List<ConvLayer> layers = ConvLayer.find(graph);
    Map<String, ConvLayer> chosen = new LinkedHashMap<>();
    List<String> kept = new ArrayList<>();
    for (ConvLayer l : layers) {
      float[] in = ranges.get(tensorName(l.input()));
      float[] out = ranges.get(l.output() + ":0");
      if (in == null || out == null) {
        throw new IllegalArgumentException("no calibrated range for layer " + l.output());
      }
      boolean depthwiseOk = !l.depthwise() || (in[0] >= 0 && !l.activationOp().isEmpty());
      if (keepFp32.contains(l.output()) || !depthwiseOk) {
        kept.add(l.output());
      } else {
        chosen.put(l.output(), l);
      }
    }
    Set<String> removed = new HashSet<>();
    Map<String, DataType> outType = new HashMap<>();
    GraphDef.Builder out = GraphDef.newBuilder(graph).clearNode();
    int chained = 0;
    for (ConvLayer l : chosen.values()) {
      removed.add(l.conv().getName());
      removed.add(l.bias().getName());
      if (l.activation() != null) {
        removed.add(l.activation().getName());
      }
    }
    for (NodeDef n : graph.getNodeList()) {
      if (!removed.contains(n.getName())) {
        out.addNode(n);
      }
    }
    // Producers first, so a layer knows the int8 type of the layer it reads.
    for (ConvLayer l : topological(chosen)) {
      String p = l.output() + "/int8/";
      String producer = ConvLayer.nodeName(l.input());
      String qIn;
      String qMin;
      String qMax;
      DataType inType;
      if (outType.containsKey(producer) && tensorName(l.input()).equals(producer + ":0")) {
        qIn = producer + "/int8/conv";
        qMin = qIn + ":1";
        qMax = qIn + ":2";
        inType = outType.get(producer);
        chained++;
      } else {
        float[] r = ranges.get(tensorName(l.input()));
        inType = r[0] >= 0 ? DataType.DT_QUINT8 : DataType.DT_QINT8;
        float m = Math.max(Math.abs(r[0]), Math.abs(r[1]));
        out.addNode(floatScalar(p + "in_min", inType == DataType.DT_QUINT8 ? 0f : -m));
        out.addNode(floatScalar(p + "in_max", inType == DataType.DT_QUINT8 ? r[1] : m));
        out.addNode(NodeDef.newBuilder().setName(p + "quantize").setOp("QuantizeV2")
            .addInput(l.input()).addInput(p + "in_min").addInput(p + "in_max")
            .putAttr("T", type(inType)).putAttr("mode", string("SCALED"))
            .putAttr("round_mode", string("HALF_TO_EVEN")));
        qIn = p + "quantize";
        qMin = p + "quantize:1";
        qMax = p + "quantize:2";
      }
      TensorProto w = l.weights().getAttrOrThrow("value").getTensor();
      float[] weights = floats(w);
      long[] shape = w.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
      // Output channels: last dimension of Conv2D's HWIO filter, the third of a depthwise HWC1 filter.
      int channels = (int) (l.depthwise() ? shape[2] : shape[3]);
      float[] wMax = new float[channels];
      for (int i = 0; i < weights.length; i++) {
        wMax[i % channels] = Math.max(wMax[i % channels], Math.abs(weights[i]));
      }
      byte[] q = new byte[weights.length];
      float[] wMin = new float[channels];
      for (int c = 0; c < channels; c++) {
        wMax[c] = Math.max(wMax[c], 1e-8f);
        wMin[c] = -wMax[c];
      }
      for (int i = 0; i < weights.length; i++) {
        q[i] = (byte) Math.max(-127, Math.min(127, Math.round(weights[i] / wMax[i % channels] * 127f)));
      }
      out.addNode(int8Const(p + "filter", q, w.getTensorShape()));
      out.addNode(floatVector(p + "filter_min", wMin));
      out.addNode(floatVector(p + "filter_max", wMax));
      float[] r = ranges.get(l.output() + ":0");
      boolean relu = !l.activationOp().isEmpty();
      DataType type = relu ? DataType.DT_QUINT8 : DataType.DT_QINT8;
      float hi = relu ? (l.activationOp().equals("Relu6") ? Math.min(6f, r[1]) : r[1])
          : Math.max(Math.abs(r[0]), Math.abs(r[1]));
      hi = Math.max(hi, 1e-6f);
      out.addNode(floatScalar(p + "out_min", relu ? 0f : -hi));
      out.addNode(floatScalar(p + "out_max", hi));
      String op = l.depthwise() ? "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize"
          : relu ? "QuantizedConv2DWithBiasAndReluAndRequantize" : "QuantizedConv2DWithBiasAndRequantize";
      NodeDef.Builder conv = NodeDef.newBuilder().setName(p + "conv").setOp(op)
          .addInput(qIn).addInput(p + "filter").addInput(l.bias().getInput(1)).addInput(qMin).addInput(qMax)
          .addInput(p + "filter_min").addInput(p + "filter_max").addInput(p + "out_min").addInput(p + "out_max")
          .putAttr("Tinput", type(inType)).putAttr("Tfilter", type(DataType.DT_QINT8))
          .putAttr("Tbias", type(DataType.DT_FLOAT)).putAttr("out_type", type(type))
          .putAttr("strides", l.conv().getAttrOrThrow("strides"))
          .putAttr("padding", l.conv().getAttrOrThrow("padding"));
      if (l.conv().containsAttr("dilations")) {
        conv.putAttr("dilations", l.conv().getAttrOrThrow("dilations"));
      }
      out.addNode(conv);
      out.addNode(NodeDef.newBuilder().setName(l.output()).setOp("Dequantize")
          .addInput(p + "conv").addInput(p + "conv:1").addInput(p + "conv:2")
          .putAttr("T", type(type)).putAttr("mode", string("SCALED")));
      outType.put(l.output(), type);
    }
    return new Result(dropUnread(out.build(), removed, graph), chosen.size(), chained, kept);
  }

  /** Layers in dependency order (a layer after the int8 layer it reads). */
  private static List<ConvLayer> topological(Map<String, ConvLayer> chosen) {
    List<ConvLayer> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (ConvLayer l : chosen.values()) {
      visit(l, chosen, done, order);
    }
    return order;
  }

  private static void visit(ConvLayer l, Map<String, ConvLayer> chosen, Set<String> done, List<ConvLayer> order) {
    if (!done.add(l.output())) {
      return;
    }
    ConvLayer producer = chosen.get(ConvLayer.nodeName(l.input()));
    if (producer != null) {
      visit(producer, chosen, done, order);
    }
    order.add(l);
  }

  /** Drops the fp32 weight Consts that only the replaced convolutions read. */
  private static GraphDef dropUnread(GraphDef graph, Set<String> removed, GraphDef original) {
    Set<String> read = new HashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        read.add(ConvLayer.nodeName(in));
      }
    }
    Set<String> wereRead = new HashSet<>();
    for (NodeDef n : original.getNodeList()) {
      if (removed.contains(n.getName())) {
        n.getInputList().forEach(in -> wereRead.add(ConvLayer.nodeName(in)));
      }
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      if (!(n.getOp().equals("Const") && wereRead.contains(n.getName()) && !read.contains(n.getName()))) {
        out.addNode(n);
      }
    }
    return out.build();
  }

  static String tensorName(String input) {
    return input.contains(":") ? input : input + ":0";
  }

  static float[] floats(TensorProto t) {
    int n = 1;
    for (TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
      n *= (int) d.getSize();
    }
    float[] v = new float[n];
    if (!t.getTensorContent().isEmpty()) {
      t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    } else if (t.getFloatValCount() == 1) {
      Arrays.fill(v, t.getFloatVal(0));
    } else {
      for (int i = 0; i < n; i++) {
        v[i] = t.getFloatVal(i);
      }
    }
    return v;
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue string(String s) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
  }

  private static NodeDef floatScalar(String name, float value) {
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.getDefaultInstance()).addFloatVal(value).build();
    return constNode(name, t);
  }

  private static NodeDef floatVector(String name, float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)))
        .setTensorContent(ByteString.copyFrom(bytes)).build();
    return constNode(name, t);
  }

  private static NodeDef int8Const(String name, byte[] values, TensorShapeProto shape) {
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_QINT8).setTensorShape(shape)
        .setTensorContent(ByteString.copyFrom(values)).build();
    return constNode(name, t);
  }

  private static NodeDef constNode(String name, TensorProto t) {
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", type(t.getDtype())).putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
  }
}

package posespark.models.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A convolution layer of an fp32 graph that has an int8 form: {@code Conv2D} or
 * {@code DepthwiseConv2dNative} with constant fp32 weights, then {@code BiasAdd} with a constant bias,
 * then optionally {@code Relu} or {@code Relu6}, each step read only by the next.
 *
 * @param conv       the convolution node
 * @param bias       the BiasAdd node
 * @param activation the Relu/Relu6 node, or null for a linear layer
 * @param input      the tensor the convolution reads ("node" or "node:k")
 * @param weights    the weights' Const node
 * @param biasValues the bias' Const node
 */
public record ConvLayer(NodeDef conv, NodeDef bias, NodeDef activation, String input, NodeDef weights,
    NodeDef biasValues) {

  /** The node whose output the layer's consumers read (the activation, else the BiasAdd). */
  public String output() {
    return activation != null ? activation.getName() : bias.getName();
  }

  public boolean depthwise() {
    return conv.getOp().equals("DepthwiseConv2dNative");
  }

  /** "Relu", "Relu6" or "" (linear). */
  public String activationOp() {
    return activation == null ? "" : activation.getOp();
  }

  /** The layers of {@code graph} in graph order. */
  public static List<ConvLayer> find(GraphDef graph) {
    Map<String, NodeDef> byName = new HashMap<>();
    Map<String, List<NodeDef>> consumers = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
    }
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        consumers.computeIfAbsent(nodeName(in), k -> new ArrayList<>()).add(n);
      }
    }
    List<ConvLayer> layers = new ArrayList<>();
    for (NodeDef conv : graph.getNodeList()) {
      if (!conv.getOp().equals("Conv2D") && !conv.getOp().equals("DepthwiseConv2dNative")) {
        continue;
      }
      NodeDef weights = byName.get(nodeName(conv.getInput(1)));
      if (!isFloatConst(weights) || !plainGeometry(conv) || conv.getOp().equals("DepthwiseConv2dNative")
          && weights.getAttrOrThrow("value").getTensor().getTensorShape().getDim(3).getSize() != 1) {
        // Depthwise: channel multiplier 1 only (the int8 kernel's per-channel ranges are per input channel).
        continue;
      }
      NodeDef bias = only(consumers.get(conv.getName()));
      if (bias == null || !bias.getOp().equals("BiasAdd") || !nodeName(bias.getInput(0)).equals(conv.getName())) {
        continue;
      }
      NodeDef biasValues = byName.get(nodeName(bias.getInput(1)));
      if (!isFloatConst(biasValues)) {
        continue;
      }
      NodeDef next = only(consumers.get(bias.getName()));
      NodeDef activation = next != null && (next.getOp().equals("Relu") || next.getOp().equals("Relu6")) ? next : null;
      layers.add(new ConvLayer(conv, bias, activation, conv.getInput(0), weights, biasValues));
    }
    return layers;
  }

  /** "a/b:0" and "^a/b" to "a/b". */
  static String nodeName(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.lastIndexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  private static NodeDef only(List<NodeDef> nodes) {
    return nodes != null && nodes.size() == 1 ? nodes.get(0) : null;
  }

  private static boolean isFloatConst(NodeDef node) {
    return node != null && node.getOp().equals("Const")
        && node.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT;
  }

  /** NHWC, SAME or VALID padding, no dilation: what the int8 kernels take. */
  private static boolean plainGeometry(NodeDef conv) {
    var attrs = conv.getAttrMap();
    if (attrs.containsKey("data_format") && !attrs.get("data_format").getS().toStringUtf8().equals("NHWC")) {
      return false;
    }
    String padding = attrs.get("padding").getS().toStringUtf8();
    if (!padding.equals("SAME") && !padding.equals("VALID")) {
      return false;
    }
    if (attrs.containsKey("dilations")) {
      for (long d : attrs.get("dilations").getList().getIList()) {
        if (d != 1) {
          return false;
        }
      }
    }
    return true;
  }
}

package posespark.models.tfjs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites the fused ops the TFJS converter emits into standard TensorFlow ops:
 * {@code _FusedConv2D} → Conv2D, {@code FusedDepthwiseConv2dNative} → DepthwiseConv2dNative and
 * {@code _FusedMatMul} → MatMul, each followed by BiasAdd (or FusedBatchNormV3) and the fused
 * activation; a standalone TFJS {@code Prelu} becomes {@code Relu(x) - alpha * Relu(-x)}.
 * The last op of every expansion keeps the fused node's name, so consumers and output taps
 * (e.g. {@code MobilenetV1/heatmap_2/BiasAdd}) stay where they were.
 */
public final class FusedOpUnfuser {
  private static final Set<String> CONV_ATTRS = Set.of("T", "strides", "padding",
      "explicit_paddings", "data_format", "dilations", "use_cudnn_on_gpu");
  private static final Set<String> DEPTHWISE_ATTRS = Set.of("T", "strides", "padding",
      "explicit_paddings", "data_format", "dilations");
  private static final Set<String> MATMUL_ATTRS = Set.of("T", "transpose_a", "transpose_b");

  private FusedOpUnfuser() {}

  /** The graph with every fused TFJS op expanded; other nodes are copied unchanged. */
  public static GraphDef unfuse(GraphDef graph) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      switch (node.getOp()) {
        case "_FusedConv2D" -> out.addAllNode(expand(node, "Conv2D", CONV_ATTRS));
        case "FusedDepthwiseConv2dNative" ->
            out.addAllNode(expand(node, "DepthwiseConv2dNative", DEPTHWISE_ATTRS));
        case "_FusedMatMul" -> out.addAllNode(expand(node, "MatMul", MATMUL_ATTRS));
        case "Prelu" -> out.addAllNode(prelu(node.getName(), dataInput(node, 0), dataInput(node, 1),
            type(node), controlInputs(node)));
        default -> out.addNode(node);
      }
    }
    return out.build();
  }

  private static List<NodeDef> expand(NodeDef fused, String baseOp, Set<String> baseAttrs) {
    String name = fused.getName();
    List<String> fusedOps = new ArrayList<>();
    fused.getAttrOrDefault("fused_ops", AttrValue.getDefaultInstance()).getList().getSList()
        .forEach(s -> fusedOps.add(s.toStringUtf8()));
    int numArgs = (int) fused.getAttrOrDefault("num_args", AttrValue.getDefaultInstance()).getI();
    List<String> data = dataInputs(fused);
    if (data.size() < 2 + numArgs) {
      throw new ModelImportException("node '" + name + "' (" + fused.getOp() + ") has "
          + data.size() + " inputs, needs " + (2 + numArgs));
    }
    List<String> args = data.subList(2, 2 + numArgs);
    List<NodeDef> nodes = new ArrayList<>();
    String head = fusedOps.isEmpty() ? name : name + "/unfused_" + baseOp.toLowerCase(java.util.Locale.ROOT);
    NodeDef.Builder base = NodeDef.newBuilder().setName(head).setOp(baseOp)
        .addInput(data.get(0)).addInput(data.get(1)).addAllInput(controlInputs(fused));
    fused.getAttrMap().forEach((k, v) -> {
      if (baseAttrs.contains(k)) {
        base.putAttr(k, v);
      }
    });
    nodes.add(base.build());
    if (fusedOps.isEmpty()) {
      return nodes;
    }
    DataType t = type(fused);
    AttrValue dataFormat = fused.getAttrOrDefault("data_format",
        AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("NHWC")).build());
    String first = fusedOps.get(0);
    List<String> activations = fusedOps.subList(1, fusedOps.size());
    String afterAdd = activations.isEmpty() ? name : name + "/unfused_bias";
    switch (first) {
      case "BiasAdd" -> nodes.add(NodeDef.newBuilder().setName(afterAdd).setOp("BiasAdd")
          .addInput(head).addInput(args.get(0)).putAttr("T", typeAttr(t))
          .putAttr("data_format", dataFormat).build());
      case "FusedBatchNorm" -> {
        if (args.size() < 4) {
          throw new ModelImportException("node '" + name + "': FusedBatchNorm needs 4 args");
        }
        nodes.add(NodeDef.newBuilder().setName(afterAdd).setOp("FusedBatchNormV3")
            .addInput(head).addAllInput(args.subList(0, 4)).putAttr("T", typeAttr(t))
            .putAttr("U", typeAttr(DataType.DT_FLOAT)).putAttr("data_format", dataFormat)
            .putAttr("is_training", AttrValue.newBuilder().setB(false).build())
            .putAttr("epsilon", AttrValue.newBuilder()
                .setF(fused.getAttrOrDefault("epsilon", AttrValue.getDefaultInstance()).getF()).build())
            .build());
      }
      default -> throw new ModelImportException("node '" + name + "' (" + fused.getOp()
          + "): unsupported fused op '" + first + "' in " + fusedOps);
    }
    if (activations.size() > 1) {
      throw new ModelImportException("node '" + name + "': more than one fused activation " + fusedOps);
    }
    if (!activations.isEmpty()) {
      int argsUsed = "BiasAdd".equals(first) ? 1 : 4;
      nodes.addAll(activation(fused, activations.get(0), afterAdd, args, argsUsed, t));
    }
    return nodes;
  }

  private static List<NodeDef> activation(NodeDef fused, String op, String input, List<String> args,
      int argsUsed, DataType t) {
    String name = fused.getName();
    return switch (op) {
      case "Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh" -> List.of(NodeDef.newBuilder()
          .setName(name).setOp(op).addInput(input).putAttr("T", typeAttr(t)).build());
      case "LeakyRelu" -> List.of(NodeDef.newBuilder().setName(name).setOp("LeakyRelu")
          .addInput(input).putAttr("T", typeAttr(t))
          .putAttr("alpha", AttrValue.newBuilder().setF(fused.getAttrOrDefault("leakyrelu_alpha",
              AttrValue.newBuilder().setF(0.2f).build()).getF()).build()).build());
      case "Prelu" -> {
        if (args.size() <= argsUsed) {
          throw new ModelImportException("node '" + name + "': fused Prelu without an alpha input");
        }
        yield prelu(name, input, args.get(argsUsed), t, List.of());
      }
      default -> throw new ModelImportException("node '" + name + "' (" + fused.getOp()
          + "): unsupported fused activation '" + op + "'");
    };
  }

  /** prelu(x) = relu(x) - alpha * relu(-x), with standard ops only. */
  static List<NodeDef> prelu(String name, String x, String alpha, DataType t, List<String> control) {
    AttrValue type = typeAttr(t);
    NodeDef pos = NodeDef.newBuilder().setName(name + "/prelu_pos").setOp("Relu").addInput(x)
        .addAllInput(control).putAttr("T", type).build();
    NodeDef negX = NodeDef.newBuilder().setName(name + "/prelu_neg_x").setOp("Neg").addInput(x)
        .addAllInput(control).putAttr("T", type).build();
    NodeDef negRelu = NodeDef.newBuilder().setName(name + "/prelu_neg_relu").setOp("Relu")
        .addInput(negX.getName()).putAttr("T", type).build();
    NodeDef scaled = NodeDef.newBuilder().setName(name + "/prelu_neg").setOp("Mul")
        .addInput(alpha).addInput(negRelu.getName()).putAttr("T", type).build();
    NodeDef result = NodeDef.newBuilder().setName(name).setOp("Sub").addInput(pos.getName())
        .addInput(scaled.getName()).putAttr("T", type).build();
    return List.of(pos, negX, negRelu, scaled, result);
  }

  private static DataType type(NodeDef node) {
    AttrValue t = node.getAttrMap().get("T");
    return t == null ? DataType.DT_FLOAT : t.getType();
  }

  private static AttrValue typeAttr(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static List<String> dataInputs(NodeDef node) {
    return node.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
  }

  private static String dataInput(NodeDef node, int i) {
    List<String> data = dataInputs(node);
    if (data.size() <= i) {
      throw new ModelImportException("node '" + node.getName() + "' (" + node.getOp()
          + ") lacks input " + i);
    }
    return data.get(i);
  }

  private static List<String> controlInputs(NodeDef node) {
    return node.getInputList().stream().filter(i -> i.startsWith("^")).toList();
  }
}

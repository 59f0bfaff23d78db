package posespark.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Rewrites each hard-swish {@code (x * c) * relu6(x + 3)} whose scale {@code c} is a rounded 1/6
 * into {@code (6c) * ((x * 1/6) * relu6(x + 3))}: the same function, with an exact 1/6 inside.
 *
 * <p>Why: TFJS models quantised to float16 store 1/6 as 0.16662598 (centernet's MobileNetV3).
 * Grappler's remapper accepts any scale near 1/6 and fuses Conv2D/DepthwiseConv2dNative + BiasAdd +
 * this chain into oneDNN's hard-swish, whose kernel uses exactly 1/6: every fused activation comes
 * out 2.4e-4 too large and centernet's boxes move by up to 3%. After the rewrite the remapper fuses
 * the inner chain into what it really computes, and one MulNoNan by the scalar {@code 6c} (0.99975586
 * for the float16 1/6) restores the model's own scale. Without the remapper the values are those of
 * the original graph up to float32 rounding.
 */
public final class HardSwishRescale {
  private static final float SIXTH = 1f / 6f;
  /** The remapper takes any scale within 1e-2 of 1/6 for 1/6 (TensorFlow 2.16's VerifyConstants). */
  private static final double NEAR_SIXTH = 1e-2;

  private HardSwishRescale() {}

  /** The graph with every matching hard-swish rescaled; other nodes are copied unchanged. */
  public static GraphDef rewrite(GraphDef graph) {
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Map<String, Integer> consumers = consumerCounts(graph);
    Map<String, Match> matches = new HashMap<>();
    for (NodeDef node : graph.getNodeList()) {
      Match m = match(node, byName);
      // x * c changes to x * 1/6: only where the hard-swish is its one consumer.
      if (m != null && consumers.getOrDefault(m.scaleMul().getName(), 0) == 1) {
        matches.put(m.scaleMul().getName(), m);
        matches.put(node.getName(), m);
      }
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      Match m = matches.get(node.getName());
      if (m == null) {
        out.addNode(node);
      } else if (node == m.scaleMul()) {
        // x * 1/6, reading a Const of its own: the original scale Const may be shared.
        String sixth = node.getName() + "/exact_sixth";
        out.addNode(scalar(sixth, SIXTH));
        NodeDef.Builder mul = node.toBuilder();
        mul.setInput(m.scaleIndex(), sixth);
        out.addNode(mul.build());
      } else {
        // The root keeps its name (consumers, taps), now as the product by 6c after the exact chain.
        String exact = node.getName() + "/exact_hard_swish";
        out.addNode(node.toBuilder().setName(exact).build());
        String factor = node.getName() + "/rescale";
        out.addNode(scalar(factor, (float) (6.0 * m.scale())));
        // MulNoNan (= Mul for a non-zero factor), not Mul: grappler reassociates a chain of Muls and
        // folds 1/6 * 6c back into c before the remapper runs (measured on centernet: with a Mul the
        // outputs were bit-identical to the unrescaled graph's).
        out.addNode(NodeDef.newBuilder().setName(node.getName()).setOp("MulNoNan").addInput(exact)
            .addInput(factor).putAttr("T", node.getAttrOrThrow("T")).build());
      }
    }
    return out.build();
  }

  private static Map<String, Integer> consumerCounts(GraphDef graph) {
    Map<String, Integer> counts = new HashMap<>();
    for (NodeDef node : graph.getNodeList()) {
      for (String input : node.getInputList()) {
        String source = input.startsWith("^") ? input.substring(1) : input.split(":")[0];
        counts.merge(source, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** A matched chain: the inner {@code x * c} Mul, which of its inputs is c, and c. */
  private record Match(NodeDef scaleMul, int scaleIndex, float scale) {}

  /** {@code root = (x * c) * relu6(x + 3)}, operands in either order, c a float near but not 1/6. */
  private static Match match(NodeDef root, Map<String, NodeDef> byName) {
    if (!isFloatMul(root) || root.getInputCount() != 2) {
      return null;
    }
    for (int r = 0; r < 2; r++) {
      NodeDef relu6 = byName.get(root.getInput(r));
      NodeDef scaleMul = byName.get(root.getInput(1 - r));
      if (relu6 == null || scaleMul == null || !"Relu6".equals(relu6.getOp())
          || !isFloatMul(scaleMul) || scaleMul.getInputCount() != 2 || relu6.getInputCount() != 1) {
        continue;
      }
      NodeDef add = byName.get(relu6.getInput(0));
      if (add == null || !("Add".equals(add.getOp()) || "AddV2".equals(add.getOp()))
          || add.getInputCount() != 2) {
        continue;
      }
      for (int c = 0; c < 2; c++) {
        Float scale = scalarValue(byName.get(scaleMul.getInput(c)));
        String x = scaleMul.getInput(1 - c);
        if (scale == null || scale == SIXTH || Math.abs(scale - 1.0 / 6.0) > NEAR_SIXTH) {
          continue;
        }
        boolean addsThreeToX = List.of(0, 1).stream().anyMatch(a -> x.equals(add.getInput(a))
            && Float.valueOf(3f).equals(scalarValue(byName.get(add.getInput(1 - a)))));
        if (addsThreeToX) {
          return new Match(scaleMul, c, scale);
        }
      }
    }
    return null;
  }

  private static boolean isFloatMul(NodeDef node) {
    return "Mul".equals(node.getOp()) && node.containsAttr("T")
        && node.getAttrOrThrow("T").getType() == DataType.DT_FLOAT;
  }

  /** The value of a float32 scalar Const, else null. */
  private static Float scalarValue(NodeDef node) {
    if (node == null || !"Const".equals(node.getOp()) || !node.containsAttr("value")) {
      return null;
    }
    TensorProto t = node.getAttrOrThrow("value").getTensor();
    if (t.getDtype() != DataType.DT_FLOAT || t.getTensorShape().getDimCount() != 0) {
      return null;
    }
    if (t.getTensorContent().size() == 4) {
      return t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }
    return t.getFloatValCount() == 1 ? t.getFloatVal(0) : null;
  }

  private static NodeDef scalar(String name, float value) {
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
        .setTensorShape(TensorShapeProto.getDefaultInstance())
        .setTensorContent(ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
            .putFloat(0, value)))
        .build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
  }
}

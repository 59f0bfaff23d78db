package posespark.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Replaces {@code Pad} by {@code PadV2} with an explicit zero. Same values; it keeps oneDNN's
 * layout pass away from the Pad→Conv pattern it crashes on in blazepose-heavy (Pad feeding Add).
 */
public final class PadToPadV2 {
  private PadToPadV2() {}

  public static GraphDef rewrite(GraphDef graph) {
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      if (!"Pad".equals(node.getOp())) {
        out.addNode(node);
        continue;
      }
      DataType t = node.getAttrOrDefault("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
          .getType();
      String zeroName = node.getName() + "/zero";
      out.addNode(NodeDef.newBuilder().setName(zeroName).setOp("Const")
          .putAttr("dtype", AttrValue.newBuilder().setType(t).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(zero(t, node)).build()).build());
      NodeDef.Builder padV2 = node.toBuilder().setOp("PadV2").clearInput();
      int data = 0;
      for (String input : node.getInputList()) {
        if (!input.startsWith("^") && data++ == 2) {
          throw new ModelImportException("node '" + node.getName() + "': Pad with 3 inputs");
        }
      }
      node.getInputList().stream().filter(i -> !i.startsWith("^")).forEach(padV2::addInput);
      padV2.addInput(zeroName);
      node.getInputList().stream().filter(i -> i.startsWith("^")).forEach(padV2::addInput);
      out.addNode(padV2.build());
    }
    return out.build();
  }

  private static TensorProto zero(DataType t, NodeDef node) {
    int bytes = switch (t) {
      case DT_FLOAT, DT_INT32 -> 4;
      case DT_INT64, DT_DOUBLE -> 8;
      case DT_UINT8, DT_INT8, DT_BOOL -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
      default -> throw new ModelImportException("node '" + node.getName() + "': Pad of type " + t);
    };
    return TensorProto.newBuilder().setDtype(t).setTensorShape(TensorShapeProto.getDefaultInstance())
        .setTensorContent(ByteString.copyFrom(ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN)))
        .build();
  }
}

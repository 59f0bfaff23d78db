package posespark.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Puts the decoded weights of a {@link TfjsGraphModel} into its Const nodes. The Const node's own
 * {@code dtype} decides the stored type: TFJS has no int64, so int64 constants arrive as int32
 * weights and are widened here.
 */
public final class WeightBinder {
  private WeightBinder() {}

  /** The topology with every manifest weight bound to its Const node as a TensorProto. */
  public static GraphDef bind(TfjsGraphModel model) {
    GraphDef.Builder graph = model.topology().toBuilder();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < graph.getNodeCount(); i++) {
      index.put(graph.getNode(i).getName(), i);
    }
    for (TfjsGraphModel.WeightGroup group : model.weightGroups()) {
      ByteBuffer bytes = group.bytes().duplicate();
      int offset = 0;
      for (WeightSpec spec : group.weights()) {
        int length = Math.toIntExact(spec.byteLength());
        ByteBuffer slice = bytes.duplicate().position(offset).limit(offset + length).slice();
        offset += length;
        Integer at = index.get(spec.name());
        if (at == null) {
          continue; // a manifest weight no node uses: nothing to bind
        }
        NodeDef node = graph.getNode(at);
        DataType dtype = node.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType();
        TensorProto tensor = toTensor(model, spec, slice, dtype);
        graph.setNode(at, node.toBuilder()
            .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build());
      }
    }
    return graph.build();
  }

  private static TensorProto toTensor(TfjsGraphModel model, WeightSpec spec, ByteBuffer bytes,
      DataType dtype) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : spec.shape()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    TensorProto.Builder tensor = TensorProto.newBuilder().setDtype(dtype).setTensorShape(shape);
    int n = Math.toIntExact(spec.elementCount());
    switch (dtype) {
      case DT_FLOAT -> {
        float[] values = WeightDecoder.decodeFloats(spec, bytes);
        ByteBuffer out = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        out.asFloatBuffer().put(values);
        tensor.setTensorContent(ByteString.copyFrom(out));
      }
      case DT_INT32 -> {
        int[] values = WeightDecoder.decodeInts(spec, bytes);
        ByteBuffer out = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        out.asIntBuffer().put(values);
        tensor.setTensorContent(ByteString.copyFrom(out));
      }
      case DT_INT64 -> {
        int[] values = WeightDecoder.decodeInts(spec, bytes);
        ByteBuffer out = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
          out.putLong(v);
        }
        tensor.setTensorContent(ByteString.copyFrom(out.flip()));
      }
      case DT_BOOL -> {
        int[] values = WeightDecoder.decodeInts(spec, bytes);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
          out[i] = (byte) values[i];
        }
        tensor.setTensorContent(ByteString.copyFrom(out));
      }
      default -> throw new ModelImportException(model.modelJson() + ": weight '" + spec.name()
          + "' feeds a Const of unsupported type " + dtype);
    }
    return tensor.build();
  }
}

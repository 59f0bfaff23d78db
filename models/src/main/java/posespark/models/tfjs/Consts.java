package posespark.models.tfjs;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Builders of Const NodeDefs. */
final class Consts {
  private Consts() {}

  static NodeDef int64Vector(String name, long[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_INT64)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)))
        .setTensorContent(ByteString.copyFrom(bytes)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT64).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
  }

  static NodeDef int32Vector(String name, int[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(values);
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)))
        .setTensorContent(ByteString.copyFrom(bytes)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
  }
}

package posespark.models.tfjs;

import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/** Small, named edits of a GraphDef that a conversion recipe combines. */
public final class GraphEdits {
  private GraphEdits() {}

  /** Drops device pins ("/device:CPU:0") so the runtime places ops itself, GPUs included. */
  public static GraphDef clearDevices(GraphDef graph) {
    GraphDef.Builder out = graph.toBuilder();
    for (NodeDef.Builder node : out.getNodeBuilderList()) {
      node.clearDevice();
    }
    return out.build();
  }

  /** Sets the first dimension of a Placeholder's shape (-1: any batch size). */
  public static GraphDef setBatchDimension(GraphDef graph, String placeholder, long batch) {
    GraphDef.Builder out = graph.toBuilder();
    NodeDef.Builder node = find(out, placeholder);
    TensorShapeProto shape = node.getAttrOrThrow("shape").getShape();
    if (shape.getDimCount() == 0) {
      throw new ModelImportException("placeholder '" + placeholder + "' has no static rank");
    }
    TensorShapeProto newShape = shape.toBuilder()
        .setDim(0, TensorShapeProto.Dim.newBuilder().setSize(batch)).build();
    node.putAttr("shape", AttrValue.newBuilder().setShape(newShape).build());
    return out.build();
  }

  /** Makes {@code consumer}'s data input number {@code index} read {@code source} instead. */
  public static GraphDef rewireInput(GraphDef graph, String consumer, int index, String source) {
    GraphDef.Builder out = graph.toBuilder();
    NodeDef.Builder node = find(out, consumer);
    if (index >= node.getInputCount() || node.getInput(index).startsWith("^")) {
      throw new ModelImportException("node '" + consumer + "' has no data input " + index);
    }
    find(out, source.split(":")[0]); // fails clearly if the source does not exist
    node.setInput(index, source);
    return out.build();
  }

  /**
   * Makes {@code consumer}'s data input {@code index} read a new int64 vector Const (named
   * {@code consumer + "/input" + index}); used where a graph bakes batch 1 into a shape.
   */
  public static GraphDef constantInput(GraphDef graph, String consumer, int index, long[] values) {
    String name = consumer + "/input" + index;
    GraphDef withConst = graph.toBuilder().addNode(Consts.int64Vector(name, values)).build();
    return rewireInput(withConst, consumer, index, name);
  }

  /**
   * Turns an NCHW placeholder into a Transpose of a new NHWC placeholder {@code nhwcName}, so the
   * model is fed images in NHWC like every other model; consumers are untouched.
   */
  public static GraphDef nhwcInputForNchw(GraphDef graph, String placeholder, String nhwcName) {
    GraphDef.Builder out = graph.toBuilder();
    NodeDef.Builder node = find(out, placeholder);
    List<TensorShapeProto.Dim> nchw = node.getAttrOrThrow("shape").getShape().getDimList();
    if (nchw.size() != 4) {
      throw new ModelImportException("placeholder '" + placeholder + "' is not 4-D");
    }
    TensorShapeProto nhwc = TensorShapeProto.newBuilder()
        .addDim(nchw.get(0)).addDim(nchw.get(2)).addDim(nchw.get(3)).addDim(nchw.get(1)).build();
    AttrValue dtype = node.getAttrOrThrow("dtype");
    out.addNode(NodeDef.newBuilder().setName(nhwcName).setOp("Placeholder")
        .putAttr("dtype", dtype).putAttr("shape", AttrValue.newBuilder().setShape(nhwc).build()));
    String perm = placeholder + "/nhwc_to_nchw_perm";
    out.addNode(Consts.int32Vector(perm, new int[] {0, 3, 1, 2}));
    node.clearAttr().setOp("Transpose").clearInput().addInput(nhwcName).addInput(perm)
        .putAttr("T", AttrValue.newBuilder().setType(dtype.getType()).build())
        .putAttr("Tperm", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
    return out.build();
  }

  /** The node called {@code name}, or an exception naming it. */
  static NodeDef.Builder find(GraphDef.Builder graph, String name) {
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      if (node.getName().equals(name)) {
        return node;
      }
    }
    throw new ModelImportException("graph has no node '" + name + "'");
  }
}

package posespark.models.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import posespark.models.ensemble.ModelRunner;

/**
 * Runs an fp32 graph and records the min and max of chosen tensors over every call: each tensor gets
 * a {@code Min}/{@code Max} reduction in the graph, so only two scalars per tensor leave TensorFlow.
 * As a {@link ModelRunner} it also returns the outputs asked for, so the ensemble's
 * {@link posespark.models.ensemble.MemberRunner} can feed it crops exactly as the pipeline cuts them.
 */
public final class RangeCalibration implements ModelRunner, AutoCloseable {
  private final Graph graph = new Graph();
  private final Session session;
  private final String input;
  private final Map<String, String> outputs;
  private final List<String> tensors;
  private final ActivationRanges ranges = new ActivationRanges();
  private long calls;

  /**
   * @param input   the tensor fed with the model input
   * @param outputs output key to tensor name
   * @param tensors the tensors to record
   */
  public RangeCalibration(GraphDef fp32, String input, Map<String, String> outputs, Set<String> tensors,
      ConfigProto config) {
    this.input = input;
    this.outputs = outputs;
    this.tensors = new ArrayList<>(tensors);
    GraphDef.Builder g = fp32.toBuilder();
    g.addNode(int32Vector("calibration/flat", new int[] {-1}));
    g.addNode(int32Vector("calibration/axis", new int[] {0}));
    for (int i = 0; i < this.tensors.size(); i++) {
      String t = this.tensors.get(i);
      g.addNode(NodeDef.newBuilder().setName("calibration/" + i + "/flat").setOp("Reshape")
          .addInput(t).addInput("calibration/flat").putAttr("T", floatType()));
      for (String op : new String[] {"Min", "Max"}) {
        g.addNode(NodeDef.newBuilder().setName("calibration/" + i + "/" + op).setOp(op)
            .addInput("calibration/" + i + "/flat").addInput("calibration/axis").putAttr("T", floatType())
            .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build()));
      }
    }
    graph.importGraphDef(g.build());
    session = new Session(graph, config);
  }

  @Override
  public Map<String, float[]> run(float[] pixels, boolean asInt, long[] shape, List<String> keys) {
    Tensor in = asInt ? TInt32.tensorOf(Shape.of(shape), DataBuffers.of(toInts(pixels), true, false))
        : TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(pixels, true, false));
    try (in) {
      Session.Runner runner = session.runner().feed(input, in);
      keys.forEach(k -> runner.fetch(outputs.get(k)));
      for (int i = 0; i < tensors.size(); i++) {
        runner.fetch("calibration/" + i + "/Min").fetch("calibration/" + i + "/Max");
      }
      try (Result r = runner.run()) {
        Map<String, float[]> values = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
          values.put(keys.get(k), floats(r.get(k)));
        }
        for (int i = 0; i < tensors.size(); i++) {
          float min = floats(r.get(keys.size() + 2 * i))[0];
          float max = floats(r.get(keys.size() + 2 * i + 1))[0];
          synchronized (ranges) {
            ranges.include(tensors.get(i), min, max);
          }
        }
        calls++;
        return values;
      }
    }
  }

  /** The ranges recorded so far. */
  public ActivationRanges ranges() {
    return ranges;
  }

  public long calls() {
    return calls;
  }

  private static float[] floats(Tensor t) {
    float[] v = new float[(int) t.size()];
    ((TFloat32) t).copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  private static int[] toInts(float[] pixels) {
    int[] v = new int[pixels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) pixels[i];
    }
    return v;
  }

  private static AttrValue floatType() {
    return AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
  }

  private static NodeDef int32Vector(String name, int[] values) {
    TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(values.length)));
    for (int v : values) {
      t.addIntVal(v);
    }
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}

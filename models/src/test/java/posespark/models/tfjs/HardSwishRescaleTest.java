package posespark.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import posespark.models.runtime.HostOptions;

/**
 * {@link HardSwishRescale} on a 1x1 Conv2D + BiasAdd + hard-swish {@code (x * c) * relu6(x + 3)} with c
 * the float16 1/6 that centernet carries, run in real TensorFlow sessions. That grappler fuses the
 * rescaled chains of the real model and keeps its numbers is CenternetRemapperTest's part.
 */
class HardSwishRescaleTest {
  private static final float FLOAT16_SIXTH = 0.1666259765625f;
  private static final int PIXELS = 16;
  private static final float[] WEIGHTS = {3f, -1f, 0.5f, 2f};  // [1, 1, 2 in, 2 out]
  private static final float[] BIAS = {1f, -0.5f};

  @Test
  void rescaledChainComputesTheGraphsOwnScaleWithAndWithoutTheRemapper() throws Exception {
    GraphDef original = convHardSwish(FLOAT16_SIXTH, false);
    GraphDef rescaled = HardSwishRescale.rewrite(original);
    float[] input = input();
    float[] expected = reference(input, FLOAT16_SIXTH);

    assertThat(maxRelativeError(run(rescaled, true, input), expected)).isLessThan(1e-6);
    assertThat(maxRelativeError(run(rescaled, false, input), expected)).isLessThan(1e-6);
    assertThat(maxRelativeError(run(original, false, input), expected)).isLessThan(1e-6);
    // The graph's scale, not 1/6: an exact-1/6 hard-swish is 2.4e-4 larger, far outside 1e-6.
    assertThat(maxRelativeError(reference(input, 1f / 6f), expected)).isGreaterThan(2e-4);
  }

  @Test
  void theChainGetsAnExactSixthAndTheRootBecomesTheRescale() {
    GraphDef rescaled = HardSwishRescale.rewrite(convHardSwish(FLOAT16_SIXTH, false));

    NodeDef root = node(rescaled, "y");
    assertThat(root.getOp()).isEqualTo("MulNoNan");
    assertThat(root.getInputList()).containsExactly("y/exact_hard_swish", "y/rescale");
    assertThat(scalar(node(rescaled, "y/rescale"))).isEqualTo(6 * FLOAT16_SIXTH);
    assertThat(node(rescaled, "scaled").getInputList()).containsExactly("scaled/exact_sixth", "b");
    assertThat(scalar(node(rescaled, "scaled/exact_sixth"))).isEqualTo(1f / 6f);
    assertThat(node(rescaled, "y/exact_hard_swish").getInputList()).containsExactly("scaled", "relu6");
  }

  @Test
  void exactSixthsAndSharedScaledInputsAreLeftAlone() {
    GraphDef exact = convHardSwish(1f / 6f, false);
    assertThat(HardSwishRescale.rewrite(exact)).isEqualTo(exact);
    GraphDef shared = convHardSwish(FLOAT16_SIXTH, true);
    assertThat(HardSwishRescale.rewrite(shared)).isEqualTo(shared);
    GraphDef plain = convHardSwish(FLOAT16_SIXTH, false);
    assertThat(HardSwishRescale.rewrite(plain).getNodeCount()).isEqualTo(plain.getNodeCount() + 3);
  }

  private static NodeDef node(GraphDef graph, String name) {
    return graph.getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
  }

  private static float scalar(NodeDef constant) {
    return constant.getAttrOrThrow("value").getTensor().getTensorContent().asReadOnlyByteBuffer()
        .order(ByteOrder.LITTLE_ENDIAN).getFloat();
  }

  private static float[] run(GraphDef graphDef, boolean remapping, float[] input) throws Exception {
    try (Graph graph = new Graph()) {
      graph.importGraphDef(graphDef);
      try (Session session = new Session(graph, HostOptions.defaults().withRemapping(remapping).toConfigProto());
          Tensor x = TFloat32.tensorOf(Shape.of(1, 4, 4, 2), DataBuffers.of(input, true, false));
          Result result = session.runner().feed("x", x).fetch("y").run()) {
        TFloat32 y = (TFloat32) result.get(0);
        float[] values = new float[(int) y.shape().size()];
        y.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  /** Pre-activations from -7 to 9: below -3, inside the ramp and above 3. */
  private static float[] input() {
    float[] x = new float[PIXELS * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = -2.5f + 0.17f * i;
    }
    return x;
  }

  /** The graph's arithmetic in float32, op by op as TFJS runs it. */
  private static float[] reference(float[] x, float c) {
    float[] y = new float[PIXELS * 2];
    for (int p = 0; p < PIXELS; p++) {
      for (int o = 0; o < 2; o++) {
        float pre = x[2 * p] * WEIGHTS[o] + x[2 * p + 1] * WEIGHTS[2 + o] + BIAS[o];
        y[2 * p + o] = (pre * c) * Math.min(Math.max(pre + 3f, 0f), 6f);
      }
    }
    return y;
  }

  private static double maxRelativeError(float[] actual, float[] expected) {
    double max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs((double) actual[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i])));
    }
    return max;
  }

  /** x -> Conv2D -> BiasAdd -> (b * c) * relu6(b + 3) as "y"; shared: b * c also feeds "other". */
  private static GraphDef convHardSwish(float c, boolean shared) {
    GraphDef.Builder g = GraphDef.newBuilder();
    AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    g.addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
        .putAttr("shape", AttrValue.newBuilder().setShape(shape(-1, 4, 4, 2)).build()));
    g.addNode(constant("w", WEIGHTS, 1, 1, 2, 2));
    g.addNode(constant("bias", BIAS, 2));
    g.addNode(constant("c", new float[] {c}));
    g.addNode(constant("three", new float[] {3f}));
    g.addNode(NodeDef.newBuilder().setName("conv").setOp("Conv2D").addInput("x").addInput("w")
        .putAttr("T", f32).putAttr("padding", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("VALID")).build())
        .putAttr("strides", AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
            .addI(1).addI(1).addI(1).addI(1)).build()));
    g.addNode(binary("b", "BiasAdd", "conv", "bias"));
    g.addNode(binary("scaled", "Mul", "c", "b"));
    g.addNode(binary("add", "AddV2", "b", "three"));
    g.addNode(NodeDef.newBuilder().setName("relu6").setOp("Relu6").addInput("add").putAttr("T", f32));
    g.addNode(binary("y", "Mul", "scaled", "relu6"));
    if (shared) {
      g.addNode(binary("other", "Mul", "scaled", "scaled"));
    }
    return g.build();
  }

  private static NodeDef binary(String name, String op, String a, String b) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(a).addInput(b)
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
  }

  private static NodeDef constant(String name, float[] values, long... dims) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    TensorProto tensor = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(dims))
        .setTensorContent(ByteString.copyFrom(bytes)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()).build();
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }
}

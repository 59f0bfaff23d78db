package posespark.models.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Each fused TFJS op, expanded by {@link FusedOpUnfuser} and run in a real session, equals the
 * same computation written with TensorFlow Java's standard ops.
 */
class FusedOpUnfuserTest {
  private static final long[] X = {1, 6, 6, 3};
  private static final long[] CONV_W = {3, 3, 3, 4};
  private static final long[] DW_W = {3, 3, 3, 2};
  private final Random random = new Random(42);
  private final float[] x = values(X);
  private final float[] convW = values(CONV_W);
  private final float[] dwW = values(DW_W);
  private final float[] bias4 = values(new long[] {4});
  private final float[] bias6 = values(new long[] {6});
  private final float[] alpha4 = values(new long[] {4});

  @Test
  void fusedConv2dWithBiasAndReluEqualsConvBiasRelu() {
    check(fusedConv("Relu", "BiasAdd", "Relu"), tf -> tf.nn.relu(convBias(tf)));
  }

  @Test
  void fusedConv2dWithBiasAndRelu6EqualsConvBiasRelu6() {
    check(fusedConv("y", "BiasAdd", "Relu6"), tf -> tf.nn.relu6(convBias(tf)));
  }

  @Test
  void fusedConv2dWithBiasOnlyKeepsItsNameOnTheBiasAdd() {
    GraphDef g = FusedOpUnfuser.unfuse(graphWith(fusedConv("MobilenetV1/heatmap_2/BiasAdd", "BiasAdd")));
    NodeDef last = g.getNodeList().stream()
        .filter(n -> n.getName().equals("MobilenetV1/heatmap_2/BiasAdd")).findFirst().orElseThrow();
    assertThat(last.getOp()).isEqualTo("BiasAdd");
    check(fusedConv("y", "BiasAdd"), this::convBias);
  }

  @Test
  void fusedConv2dWithPreluEqualsMaxPlusAlphaTimesMin() {
    NodeDef fused = fusedConv("y", "BiasAdd", "Prelu").toBuilder().addInput("alpha")
        .putAttr("num_args", AttrValue.newBuilder().setI(2).build()).build();
    check(fused, tf -> {
      Operand<TFloat32> v = convBias(tf);
      Operand<TFloat32> zero = tf.constant(0f);
      return tf.math.add(tf.math.maximum(v, zero),
          tf.math.mul(constant(tf, alpha4, 4), tf.math.minimum(v, zero)));
    });
  }

  @Test
  void fusedConv2dWithLeakyReluUsesItsAlphaAttribute() {
    NodeDef fused = fusedConv("y", "BiasAdd", "LeakyRelu").toBuilder()
        .putAttr("leakyrelu_alpha", AttrValue.newBuilder().setF(0.15f).build()).build();
    check(fused, tf -> tf.nn.leakyRelu(convBias(tf), LeakyRelu.alpha(0.15f)));
  }

  @Test
  void fusedConv2dWithEluAndSigmoidEqualStandardOps() {
    check(fusedConv("y", "BiasAdd", "Elu"), tf -> tf.nn.elu(convBias(tf)));
    check(fusedConv("y", "BiasAdd", "Sigmoid"), tf -> tf.math.sigmoid(convBias(tf)));
  }

  @Test
  void fusedDepthwiseConvWithBiasAndRelu6EqualsStandardOps() {
    NodeDef fused = NodeDef.newBuilder().setName("y").setOp("FusedDepthwiseConv2dNative")
        .addInput("x").addInput("dw").addInput("bias6").putAllAttr(convAttrs(1))
        .putAttr("fused_ops", fusedOps("BiasAdd", "Relu6")).build();
    check(fused, tf -> tf.nn.relu6(tf.nn.biasAdd(
        tf.nn.depthwiseConv2dNative(constant(tf, x, X), constant(tf, dwW, DW_W),
            List.of(1L, 1L, 1L, 1L), "SAME"), constant(tf, bias6, 6))));
  }

  @Test
  void fusedMatMulWithBiasAndReluEqualsMatMulBiasRelu() {
    long[] a = {2, 3};
    long[] w = {3, 4};
    float[] av = values(a);
    float[] wv = values(w);
    GraphDef graph = GraphDef.newBuilder()
        .addNode(constNode("a", av, a)).addNode(constNode("w", wv, w))
        .addNode(constNode("bias4", bias4, new long[] {4}))
        .addNode(NodeDef.newBuilder().setName("y").setOp("_FusedMatMul").addInput("a").addInput("w")
            .addInput("bias4").putAttr("T", type()).putAttr("num_args", AttrValue.newBuilder().setI(1).build())
            .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
            .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build())
            .putAttr("fused_ops", fusedOps("BiasAdd", "Relu")))
        .build();
    float[] got = run(FusedOpUnfuser.unfuse(graph));
    float[] want = reference(tf -> tf.nn.relu(tf.nn.biasAdd(
        tf.linalg.matMul(constant(tf, av, a), constant(tf, wv, w)), constant(tf, bias4, 4))));
    assertClose(got, want);
  }

  @Test
  void standalonePreluEqualsMaxPlusAlphaTimesMin() {
    NodeDef prelu = NodeDef.newBuilder().setName("y").setOp("Prelu").addInput("x").addInput("alpha3")
        .putAttr("T", type()).build();
    float[] alpha3 = values(new long[] {3});
    GraphDef graph = graphWith(prelu).toBuilder().addNode(constNode("alpha3", alpha3, new long[] {3})).build();
    float[] got = run(FusedOpUnfuser.unfuse(graph));
    float[] want = reference(tf -> {
      Operand<TFloat32> in = constant(tf, x, X);
      Operand<TFloat32> zero = tf.constant(0f);
      return tf.math.add(tf.math.maximum(in, zero), tf.math.mul(constant(tf, alpha3, 3), tf.math.minimum(in, zero)));
    });
    assertClose(got, want);
  }

  @Test
  void unknownFusedActivationIsRefusedNamingTheNode() {
    GraphDef graph = graphWith(fusedConv("odd", "BiasAdd", "Swish"));
    assertThatThrownBy(() -> FusedOpUnfuser.unfuse(graph))
        .isInstanceOf(ModelImportException.class).hasMessageContaining("'odd'").hasMessageContaining("Swish");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Operand<TFloat32> convBias(Ops tf) {
    return tf.nn.biasAdd(tf.nn.conv2d(constant(tf, x, X), constant(tf, convW, CONV_W),
        List.of(1L, 2L, 2L, 1L), "SAME"), constant(tf, bias4, 4));
  }

  private NodeDef fusedConv(String name, String... ops) {
    return NodeDef.newBuilder().setName(name).setOp("_FusedConv2D").addInput("x").addInput("w")
        .addInput("bias4").putAllAttr(convAttrs(2)).putAttr("fused_ops", fusedOps(ops))
        .putAttr("use_cudnn_on_gpu", AttrValue.newBuilder().setB(true).build())
        .putAttr("epsilon", AttrValue.newBuilder().setF(0).build()).setDevice("/device:CPU:0").build();
  }

  private static java.util.Map<String, AttrValue> convAttrs(int stride) {
    AttrValue ones = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
        .addAllI(List.of(1L, 1L, 1L, 1L))).build();
    AttrValue strides = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
        .addAllI(List.of(1L, (long) stride, (long) stride, 1L))).build();
    return java.util.Map.of("T", type(), "strides", strides, "dilations", ones,
        "padding", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("SAME")).build(),
        "data_format", AttrValue.newBuilder().setS(ByteString.copyFromUtf8("NHWC")).build(),
        "num_args", AttrValue.newBuilder().setI(1).build());
  }

  private GraphDef graphWith(NodeDef node) {
    return GraphDef.newBuilder().addNode(constNode("x", x, X)).addNode(constNode("w", convW, CONV_W))
        .addNode(constNode("dw", dwW, DW_W)).addNode(constNode("bias4", bias4, new long[] {4}))
        .addNode(constNode("bias6", bias6, new long[] {6}))
        .addNode(constNode("alpha", alpha4, new long[] {4})).addNode(node).build();
  }

  private void check(NodeDef fused, Function<Ops, Operand<TFloat32>> expected) {
    GraphDef unfused = FusedOpUnfuser.unfuse(graphWith(fused));
    assertThat(unfused.getNodeList()).extracting(NodeDef::getOp)
        .doesNotContain("_FusedConv2D", "FusedDepthwiseConv2dNative", "_FusedMatMul", "Prelu");
    assertClose(run(unfused, fused.getName()), reference(expected));
  }

  private static float[] run(GraphDef graph) {
    return run(graph, "y");
  }

  private static float[] run(GraphDef graph, String fetch) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      g.importGraphDef(graph);
      try (Tensor t = s.runner().fetch(fetch).run().get(0)) {
        return read((TFloat32) t);
      }
    }
  }

  private static float[] reference(Function<Ops, Operand<TFloat32>> build) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Operand<TFloat32> out = build.apply(Ops.create(g));
      try (Tensor t = s.runner().fetch(out).run().get(0)) {
        return read((TFloat32) t);
      }
    }
  }

  private static float[] read(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  private static void assertClose(float[] got, float[] want) {
    assertThat(got).hasSize(want.length);
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).as("element %d", i).isCloseTo(want[i], Offset.offset(1e-5f));
    }
  }

  private static Operand<TFloat32> constant(Ops tf, float[] v, long... shape) {
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  private float[] values(long[] shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  static NodeDef constNode(String name, float[] v, long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : shape) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(s)
        .setTensorContent(ByteString.copyFrom(b)).build();
    return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("dtype", type())
        .putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build();
  }

  private static AttrValue fusedOps(String... ops) {
    AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
    for (String op : ops) {
      l.addS(ByteString.copyFromUtf8(op));
    }
    return AttrValue.newBuilder().setList(l).build();
  }

  private static AttrValue type() {
    return AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
  }
}

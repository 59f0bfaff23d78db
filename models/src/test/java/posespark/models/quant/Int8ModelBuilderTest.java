package posespark.models.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import posespark.models.card.ModelCard;

class Int8ModelBuilderTest {

  /**
   * A toy FPN: backbone conv (8x8) → lateral conv, deeper conv (4x4) → lateral conv → resized and added
   * to the first lateral → conv → head conv → sigmoid. The backbone stays int8; the laterals, everything
   * after the resize and the head's last conv stay fp32.
   */
  @Test
  void keepsTheUpsamplingDecoderAndTheHeadOutputsInFp32() {
    GraphDef graph;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 4)));
      var b1 = conv(tf, "backbone1", x, 4, 1, true);
      var b2 = conv(tf, "backbone2", b1, 4, 2, true);
      var lat1 = conv(tf, "lateral1", b1, 4, 1, false);
      var lat2 = conv(tf, "lateral2", b2, 4, 1, false);
      var up = tf.image.resizeBilinear(lat2, tf.constant(new int[] {8, 8}));
      var fused = tf.math.add(up, lat1);
      var dec = conv(tf, "decoder", fused, 4, 1, true);
      var head = conv(tf, "head", dec, 1, 1, false);
      tf.withName("heatmap").math.sigmoid(head);
      graph = g.toGraphDef();
    }
    List<ConvLayer> layers = ConvLayer.find(graph);
    assertThat(layers).extracting(ConvLayer::output)
        .containsExactly("backbone1", "backbone2", "lateral1", "lateral2", "decoder", "head");
    assertThat(Int8ModelBuilder.decoderLayers(graph, layers)).containsExactlyInAnyOrder("lateral1", "lateral2", "decoder", "head");
    assertThat(Int8ModelBuilder.headOutputs(graph, layers, Map.of("heatmap", "heatmap:0"))).containsExactly("head");
  }

  @Test
  void theDerivedCardIsTheBaseCardRenamedWithItsQuantizationBlock() {
    Int8Rewrite.Result result = new Int8Rewrite.Result(GraphDef.getDefaultInstance(), 52, 41, List.of("a", "b"));
    String text = Int8ModelBuilder.derivedCard("name = toy\nkind = pose\n", "toy", 263, result);
    ModelCard card = ModelCard.parse(text, "test");
    assertThat(card.name()).isEqualTo("toy-int8");
    assertThat(card.kind()).isEqualTo("pose");
    assertThat(card.config().getInt("quantization.int8-layers")).isEqualTo(52);
    assertThat(card.config().getInt("quantization.fp32-layers")).isEqualTo(2);
    assertThat(card.config().getString("quantization.calibration")).startsWith("263 ground-truth crops");
  }

  private static Operand<TFloat32> conv(Ops tf, String name, Operand<TFloat32> in, int out, int stride, boolean relu) {
    float[] w = new float[3 * 3 * 4 * out];
    java.util.Arrays.fill(w, 0.1f);
    var c = tf.nn.conv2d(in, tf.constant(Shape.of(3, 3, 4, out), DataBuffers.of(w, true, false)),
        List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    var bias = tf.constant(Shape.of(out), DataBuffers.of(new float[out], true, false));
    return relu ? tf.withName(name).nn.relu6(tf.nn.biasAdd(c, bias)) : tf.withName(name).nn.biasAdd(c, bias);
  }
}

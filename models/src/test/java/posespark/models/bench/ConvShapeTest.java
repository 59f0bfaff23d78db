package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ConvShapeTest {

  @Test
  void outputSizeAndWorkFollowTensorFlowsPaddingRules() {
    ConvShape same = ConvShape.parse("9x7x8:3x3/2:16");
    assertThat(same.padding()).isEqualTo("SAME");
    assertThat(same.outH()).isEqualTo(5); // ceil(9 / 2)
    assertThat(same.outW()).isEqualTo(4);
    assertThat(same.macsPerImage()).isEqualTo(5L * 4 * 16 * 3 * 3 * 8);
    assertThat(same.gflops(8)).isEqualTo(2.0 * same.macsPerImage() * 8 / 1e9);

    ConvShape valid = ConvShape.parse("9x7x8:3x3/2:16:VALID");
    assertThat(valid.outH()).isEqualTo(4); // (9 - 3) / 2 + 1
    assertThat(valid.outW()).isEqualTo(3);
    assertThat(valid.geometry()).isEqualTo("9x7x8 k3x3/2 VALID -> 16");

    ConvShape depthwise = ConvShape.parse("9x7x8:dw3x3/2:8");
    assertThat(depthwise.depthwise()).isTrue();
    assertThat(depthwise.macsPerImage()).isEqualTo(5L * 4 * 8 * 3 * 3); // no sum over input channels
    assertThat(depthwise.geometry()).isEqualTo("9x7x8 dw3x3/2 SAME -> 8");
  }

  @Test
  void badShapesAreRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> ConvShape.parse("16x16:1x1/1:8"))
        .hasMessageContaining("HxWxCIN:[dw]KHxKW/STRIDE:COUT");
    assertThatThrownBy(() -> ConvShape.parse("16x16x0:1x1/1:8")).hasMessageContaining("positive");
    assertThatThrownBy(() -> ConvShape.parse("2x2x4:3x3/1:8:VALID")).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> ConvShape.parse("8x8x4:dw3x3/1:8")).hasMessageContaining("keeps its 4 channels");
  }

  @Test
  void largestRanksGeometriesByTheirSummedMultiplyAccumulates() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 16, 16, 32)));
      var pointwise = tf.zeros(tf.constant(new long[] {1, 1, 32, 32}), TFloat32.class);
      var wide = tf.zeros(tf.constant(new long[] {3, 3, 32, 4}), TFloat32.class);
      List<Long> one = List.of(1L, 1L, 1L, 1L);
      // Two 1x1 layers of one geometry (2 x 16*16*32*32 MACs) against one 3x3 layer (16*16*4*9*32).
      var a = tf.nn.conv2d(x, pointwise, one, "SAME");
      var b = tf.nn.conv2d(a, pointwise, one, "SAME");
      var c = tf.nn.conv2d(b, wide, one, "SAME");
      var perChannel = tf.zeros(tf.constant(new long[] {3, 3, 4, 1}), TFloat32.class);
      var doubled = tf.zeros(tf.constant(new long[] {5, 5, 4, 2}), TFloat32.class);
      tf.nn.depthwiseConv2dNative(c, perChannel, List.of(1L, 2L, 2L, 1L), "SAME");
      tf.nn.depthwiseConv2dNative(c, doubled, one, "SAME"); // multiplier 2: not read

      List<ConvShape> top = ConvShape.largest(g, "toy", 5, false);

      assertThat(top).hasSize(2);
      assertThat(top.get(0).geometry()).isEqualTo("16x16x32 k1x1/1 SAME -> 32");
      long pointwiseMacs = 2L * 16 * 16 * 32 * 32;
      long wideMacs = 16L * 16 * 4 * 9 * 32;
      String share = String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * pointwiseMacs / (pointwiseMacs + wideMacs));
      assertThat(top.get(0).source()).isEqualTo("toy (2 layers, " + share + " of its Conv2D MACs)");
      assertThat(top.get(1).geometry()).isEqualTo("16x16x32 k3x3/1 SAME -> 4");
      assertThat(ConvShape.largest(g, "toy", 1, false)).hasSize(1);

      List<ConvShape> dw = ConvShape.largest(g, "toy", 5, true);
      assertThat(dw).singleElement().satisfies(s -> {
        assertThat(s.geometry()).isEqualTo("16x16x4 dw3x3/2 SAME -> 4");
        assertThat(s.source()).isEqualTo("toy (1 layer, 100.0% of its depthwise MACs)");
      });
    }
  }
}

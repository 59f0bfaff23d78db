package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

class GraphFlopsTest {

  @Test
  void countsTwiceTheMultiplyAccumulatesOfConvolutionsAndMatMulPerImage() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      // Unknown batch: counted per image.
      Operand<TFloat32> x = tf.placeholder(TFloat32.class,
          org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> conv = tf.nn.conv2d(x, tf.zeros(tf.constant(new long[] {3, 3, 3, 4}), TFloat32.class),
          List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dataFormat("NHWC"));
      Operand<TFloat32> dw = tf.nn.depthwiseConv2dNative(conv,
          tf.zeros(tf.constant(new long[] {3, 3, 4, 2}), TFloat32.class), List.of(1L, 2L, 2L, 1L), "SAME",
          DepthwiseConv2dNative.dataFormat("NHWC"));
      tf.math.add(dw, dw); // not counted
      tf.linalg.matMul(tf.zeros(tf.constant(new long[] {2, 5}), TFloat32.class),
          tf.zeros(tf.constant(new long[] {5, 3}), TFloat32.class));

      GraphFlops.Count count = GraphFlops.of(g);

      long conv2d = 8 * 8 * 4 * (3 * 3 * 3);   // output elements x kh x kw x in-channels
      long depthwise = 4 * 4 * 8 * (3 * 3);    // stride 2: 4x4 outputs, 4 channels x multiplier 2
      long matMul = 2 * 3 * 5;
      assertThat(count.byOp()).containsEntry("Conv2D", 2 * conv2d)
          .containsEntry("DepthwiseConv2dNative", 2 * depthwise).containsEntry("MatMul", 2 * matMul);
      assertThat(count.flops()).isEqualTo(2 * (conv2d + depthwise + matMul));
      assertThat(count.opsCounted()).isEqualTo(3);
    }
  }
}

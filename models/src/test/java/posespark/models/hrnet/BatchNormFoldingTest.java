package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;

/** Folded conv+BN against the unfolded conv followed by BatchNorm, both run by TensorFlow on random data. */
class BatchNormFoldingTest {
  private final Random random = new Random(7);

  @Test
  void foldedConvEqualsConvThenBatchNorm() {
    int in = 5;
    int out = 6;
    int k = 3;
    float[] oihw = uniform(out * in * k * k, -1, 1);
    float[] gamma = uniform(out, 0.5f, 1.5f);
    float[] beta = uniform(out, -0.5f, 0.5f);
    float[] mean = uniform(out, -0.3f, 0.3f);
    float[] var = uniform(out, 0.1f, 2f);
    float[] x = uniform(2 * 7 * 9 * in, -2, 2);
    FoldedConv folded = BatchNormFolding.fold(oihw, out, in, k, gamma, beta, mean, var, BatchNormFolding.EPS);

    Ops tf = Ops.create();
    Operand<TFloat32> input = tf.constant(Shape.of(2, 7, 9, in), DataBuffers.of(x));
    Conv2d.Options pad = Conv2d.explicitPaddings(0L, 0L, 1L, 1L, 1L, 1L, 0L, 0L);
    List<Long> strides = List.of(1L, 2L, 2L, 1L);
    // Unfolded: transpose OIHW -> HWIO inside TF, convolve, then (y - mean) / sqrt(var + eps) * gamma + beta.
    Operand<TFloat32> hwio = tf.linalg.transpose(tf.constant(Shape.of(out, in, k, k), DataBuffers.of(oihw)),
        tf.constant(new int[] {2, 3, 1, 0}));
    Operand<TFloat32> y = tf.nn.conv2d(input, hwio, strides, "EXPLICIT", pad);
    Operand<TFloat32> bn = tf.math.add(tf.math.mul(tf.math.div(tf.math.sub(y, tf.constant(mean)),
        tf.math.sqrt(tf.math.add(tf.constant(var), tf.constant((float) BatchNormFolding.EPS)))), tf.constant(gamma)),
        tf.constant(beta));
    Operand<TFloat32> foldedOut = tf.nn.biasAdd(tf.nn.conv2d(input,
        tf.constant(Shape.of(k, k, in, out), DataBuffers.of(folded.hwio())), strides, "EXPLICIT", pad),
        tf.constant(folded.bias()));

    float[] expected = values(bn);
    float[] actual = values(foldedOut);
    assertThat(actual).hasSize(2 * 4 * 5 * out);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("output %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void headKeepsItsBiasAndOnlyChangesLayout() {
    float[] oihw = {1, 2, 3, 4, 5, 6}; // out 2, in 3, 1x1
    FoldedConv head = BatchNormFolding.withBias(oihw, 2, 3, 1, new float[] {0.5f, -0.5f});
    assertThat(head.hwio()).containsExactly(1, 4, 2, 5, 3, 6);
    assertThat(head.bias()).containsExactly(0.5f, -0.5f);
  }

  private static float[] values(Operand<TFloat32> t) {
    float[] v = new float[(int) t.shape().size()];
    t.asTensor().copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  private float[] uniform(int n, float lo, float hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * random.nextFloat();
    }
    return v;
  }
}

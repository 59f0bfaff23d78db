package posespark.models.hrnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The two ways the builder pads 3x3 convolutions (Conv2D's explicit pads; SAME at stride 1 and a Pad op
 * before a VALID conv at stride 2) compute the same network: the benchmark compares their speed only.
 */
class HrnetPaddingTest {

  @Test
  void explicitPadsAndSameOrPadGiveTheSameHeatmaps() {
    HrnetConfig config = HrnetConfig.of(32, "64x64");
    try (Graph graph = new Graph()) {
      HrnetGraphBuilder.Endpoints explicit = HrnetGraphBuilder.build(Ops.create(graph), config, new RandomWeights(3));
      HrnetGraphBuilder.Endpoints same = HrnetGraphBuilder.build(Ops.create(graph).withSubScope("same"), config,
          new RandomWeights(3), HrnetGraphBuilder.ConvPadding.SAME_OR_PAD);
      float[] pixels = new float[2 * 64 * 64 * 3];
      Random random = new Random(11);
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = random.nextInt(256);
      }
      try (Session session = new Session(graph);
          TFloat32 input = TFloat32.tensorOf(Shape.of(2, 64, 64, 3), DataBuffers.of(pixels, true, false));
          Result result = session.runner().feed(explicit.input(), input).feed(same.input(), input)
              .fetch(explicit.heatmaps()).fetch(same.heatmaps()).run()) {
        float[] a = values((TFloat32) result.get(0));
        float[] b = values((TFloat32) result.get(1));
        assertThat(a).hasSize(2 * 16 * 16 * 17).hasSameSizeAs(b);
        double max = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
          max = Math.max(max, Math.abs(a[i] - b[i]));
          scale = Math.max(scale, Math.abs(a[i]));
        }
        assertThat(scale).isGreaterThan(1e-3); // a network that outputs zeros would compare equal trivially
        assertThat(max).isLessThanOrEqualTo(1e-5 * Math.max(1, scale));
      }
    }
  }

  private static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }
}

package posespark.models.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import posespark.models.runtime.HostOptions;

class QuantizedBlockTest {

  /**
   * Three stacked int8 layers (expand, depthwise, project) track the fp32 block: each stage rounds to its own
   * step (input max|x|/127, ReLU6 outputs 6/255, output max|y|/127), so the error is a few steps of the
   * output, far below its range; a wrong scale or a dropped ReLU6 clip moves the output by whole ranges.
   */
  @Test
  void int8ChainTracksTheFp32BlockWithinAFewOutputSteps() {
    try (QuantizedBlock block = new QuantizedBlock("toy", 8, 8, 8, 24, 3, 2, 5, HostOptions.defaults().toConfigProto())) {
      assertThat(block.label()).isEqualTo("8x8x8 1x1->24 dw3x3 1x1->8 (toy)");
      assertThat(block.gflops()).isEqualTo(2.0 * 2 * 8 * 8 * 24 * (8 + 9 + 8) / 1e9);

      float[] fp32 = block.fp32Output();
      float[] int8 = block.int8Output();
      QuantizationError error = QuantizationError.of(fp32, int8);
      double outputStep = Math.max(Math.abs(min(fp32)), Math.abs(max(fp32))) / 127;
      assertThat(error.meanAbs()).isGreaterThan(0).isLessThan(2 * outputStep);
      assertThat(error.maxAbs()).isLessThan(12 * outputStep);
      assertThat(error.relativeMax()).isLessThan(0.05);

      block.runInt8Chain(); // the int8 layers alone run on the quantized input
    }
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float f : v) {
      m = Math.min(m, f);
    }
    return m;
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      m = Math.max(m, f);
    }
    return m;
  }
}

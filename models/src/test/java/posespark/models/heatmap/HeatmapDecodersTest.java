package posespark.models.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Encode a Gaussian at a known sub-cell point, decode it back. Maps are (H=64, W=48). */
class HeatmapDecodersTest {

  private static final int W = 48;
  private static final int H = 64;
  private static final double[][] POINTS = {{23.37, 17.81}, {10.5, 40.2}, {30.9, 8.05}, {5.12, 55.7}};

  private static float[] gaussian(double x, double y) {
    float[] map = new float[W * H];
    new GaussianHeatmapEncoder(2).encode(x, y, map, 0, W, H);
    return map;
  }

  @Test
  void quarterOffsetLandsWithinAQuarterCellPlusRounding() {
    for (double[] p : POINTS) {
      Peak peak = new QuarterOffsetDecoder().decode(gaussian(p[0], p[1]), 0, W, H);
      assertThat(peak.x()).isCloseTo(p[0], within(0.3));
      assertThat(peak.y()).isCloseTo(p[1], within(0.3));
    }
  }

  @Test
  void quarterOffsetStepsTowardTheHigherNeighbour() {
    Peak peak = new QuarterOffsetDecoder().decode(gaussian(20.4, 30.6), 0, W, H);
    assertThat(peak.cellX()).isEqualTo(20);
    assertThat(peak.cellY()).isEqualTo(31);
    assertThat(peak.x()).isEqualTo(20.25);
    assertThat(peak.y()).isEqualTo(30.75);
  }

  @Test
  void darkRecoversTheSubCellPointOfAGaussian() {
    for (double[] p : POINTS) {
      Peak peak = new DarkDecoder().decode(gaussian(p[0], p[1]), 0, W, H);
      assertThat(peak.x()).isCloseTo(p[0], within(0.02));
      assertThat(peak.y()).isCloseTo(p[1], within(0.02));
    }
  }

  @Test
  void darkWithoutModulationIsExactOnAGaussian() {
    Peak peak = new DarkDecoder(null).decode(gaussian(23.37, 17.81), 0, W, H);
    assertThat(peak.x()).isCloseTo(23.37, within(1e-4));
    assertThat(peak.y()).isCloseTo(17.81, within(1e-4));
  }

  @Test
  void darkFallsBackToArgmaxOnTheBorder() {
    Peak peak = new DarkDecoder().decode(gaussian(0.2, 30.3), 0, W, H);
    assertThat(peak.x()).isEqualTo(0);
    assertThat(peak.y()).isEqualTo(30);
  }

  @Test
  void postGaussianIgnoresASingleCellSpike() {
    float[] map = gaussian(30.3, 40.6);
    map[5 * W + 5] = 1.5f; // a one-cell spike higher than the true peak
    Peak plain = new QuarterOffsetDecoder().decode(map, 0, W, H);
    Peak blurred = new PostGaussianDecoder(new GaussianBlur(21), new QuarterOffsetDecoder())
        .decode(map, 0, W, H);
    assertThat(plain.cellX()).isEqualTo(5);
    assertThat(blurred.x()).isCloseTo(30.3, within(0.3));
    assertThat(blurred.y()).isCloseTo(40.6, within(0.3));
  }

  @Test
  void decodersReadTheChannelAtItsOffset() {
    float[] two = new float[2 * W * H];
    new GaussianHeatmapEncoder(2).encode(11.2, 12.7, two, W * H, W, H);
    Peak peak = new DarkDecoder().decode(two, W * H, W, H);
    assertThat(peak.x()).isCloseTo(11.2, within(0.02));
    assertThat(peak.y()).isCloseTo(12.7, within(0.02));
  }

  @Test
  void blurKeepsTheMassOfAnInteriorImpulse() {
    float[] map = new float[W * H];
    map[30 * W + 20] = 1f;
    float[] out = new GaussianBlur(11).apply(map, 0, W, H);
    double sum = 0;
    for (float v : out) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-5));
    assertThat(out[30 * W + 20]).isGreaterThan(out[30 * W + 21]);
    assertThat(out[30 * W + 21]).isEqualTo(out[30 * W + 19]);
  }
}

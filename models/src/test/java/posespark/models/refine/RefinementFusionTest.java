package posespark.models.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.Localisation;
import posespark.models.ensemble.MemberOutput;
import posespark.models.geometry.CropWindow;
import posespark.models.heatmap.GaussianHeatmapEncoder;
import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.Heatmaps;

/**
 * The per-joint fusion on constructed heatmaps: one member, no flip, no target-person prior, a
 * 64-cell common frame over a 64 px crop at the image origin (so one cell = one pixel, cell i
 * centred at pixel i + 0.5).
 */
class RefinementFusionTest {

  private static final HeatmapGrid GRID = HeatmapGrid.centred(64, 64);
  private static final CropWindow WINDOW = new CropWindow(32, 32, 64, 64);
  private static final EnsembleDecoder DECODER =
      new EnsembleDecoder(GRID, new double[] {1}, false, null, null, Localisation.QUARTER);

  /** Channel 0 has two peaks: a strong one at cell (40, 20) and a weaker one at (12, 30). */
  private static List<MemberOutput> twoPeaks(float strong, float weak) {
    Heatmaps maps = Heatmaps.zeros(1, GRID);
    float[] a = new float[GRID.cells()];
    float[] b = new float[GRID.cells()];
    GaussianHeatmapEncoder enc = new GaussianHeatmapEncoder(2);
    enc.encode(40, 20, a, 0, 64, 64);
    enc.encode(12, 30, b, 0, 64, 64);
    for (int i = 0; i < a.length; i++) {
      maps.data()[i] = strong * a[i] + weak * b[i];
    }
    return List.of(new MemberOutput(maps, null, null, null));
  }

  private static float[] input(double x, double y, float score) {
    return new float[] {(float) x, (float) y, score};
  }

  @Test
  void moveTakesTheStrongestNewPeak() {
    float[] out = new RefinementFusion(DECODER, new PosePrior(4))
        .fuse(JointFusion.MOVE, WINDOW, input(12.5, 30.5, 0.9f), twoPeaks(0.8f, 0.6f));
    assertThat(out[0]).isCloseTo(40.5f, within(0.3f));
    assertThat(out[1]).isCloseTo(20.5f, within(0.3f));
    assertThat(out[2]).isCloseTo(0.8f, within(0.01f));
  }

  @Test
  void keepReturnsTheInputUnchanged() {
    float[] in = input(12.5, 30.5, 0.9f);
    float[] out = new RefinementFusion(DECODER, new PosePrior(4)).fuse(JointFusion.KEEP, WINDOW, in, twoPeaks(0.8f, 0.6f));
    assertThat(out).containsExactly(in);
  }

  @Test
  void aConfidentInputPullsThePriorFusionToTheNearbyPeakWithItsOwnScore() {
    float[] out = new RefinementFusion(DECODER, new PosePrior(4))
        .fuse(JointFusion.PRIOR, WINDOW, input(12.5, 30.5, 0.9f), twoPeaks(0.8f, 0.6f));
    assertThat(out[0]).as("x near the weak peak the input sits on").isCloseTo(12.5f, within(0.5f));
    assertThat(out[1]).isCloseTo(30.5f, within(0.5f));
    assertThat(out[2]).as("score from the unweighted evidence there").isCloseTo(0.6f, within(0.02f));
  }

  @Test
  void anUnsureInputLeavesThePriorFusionWithTheStrongPeak() {
    float[] out = new RefinementFusion(DECODER, new PosePrior(4))
        .fuse(JointFusion.PRIOR, WINDOW, input(12.5, 30.5, 0.1f), twoPeaks(0.8f, 0.6f));
    assertThat(out[0]).isCloseTo(40.5f, within(0.5f));
    assertThat(out[1]).isCloseTo(20.5f, within(0.5f));
  }

  @Test
  void averageWeighsLocationsByScoreAndAveragesScores() {
    float[] out = RefinementFusion.average(new float[] {0, 0, 0.2f}, new float[] {10, 20, 0.6f});
    assertThat(out[0]).isCloseTo(7.5f, within(1e-5f));
    assertThat(out[1]).isCloseTo(15f, within(1e-5f));
    assertThat(out[2]).isCloseTo(0.4f, within(1e-6f));
  }

  @Test
  void keepSureKeepsConfidentInputJointsAndMovesTheOthers() {
    float[] input = {1, 2, 0.9f, 3, 4, 0.2f};
    float[] refined = {10, 20, 0.7f, 30, 40, 0.6f};
    assertThat(RefinementFusion.keepSure(input, refined)).containsExactly(1, 2, 0.9f, 30, 40, 0.6f);
  }

  @Test
  void priorIsFlatForScoreZeroAndPeakedAtTheJointForScoreOne() {
    PosePrior prior = new PosePrior(2);
    float[] sure = prior.render(new float[] {(float) GRID.u(10), (float) GRID.v(20), 1f}, GRID).data();
    assertThat(sure[20 * 64 + 10]).isEqualTo(1f);
    assertThat(sure[20 * 64 + 12]).as("2 cells = 1 sigma away").isCloseTo((float) Math.exp(-0.5), within(1e-5f));
    assertThat(sure[50 * 64 + 50]).isLessThan(1e-6f);
    float[] flat = prior.render(new float[] {(float) GRID.u(10), (float) GRID.v(20), 0f}, GRID).data();
    for (float v : flat) {
      assertThat(v).isEqualTo(1f);
    }
    float[] half = prior.render(new float[] {(float) GRID.u(10), (float) GRID.v(20), 0.5f}, GRID).data();
    assertThat(half[50 * 64 + 50]).as("floor 1 - c").isCloseTo(0.5f, within(1e-6f));
  }
}

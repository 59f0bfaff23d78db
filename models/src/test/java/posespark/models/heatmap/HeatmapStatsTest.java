package posespark.models.heatmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.EnsembleDecoder;
import posespark.models.ensemble.Localisation;
import posespark.models.ensemble.MemberOutput;

/**
 * Heatmap statistics on constructed heatmaps whose peaks, second peaks and member disagreements are
 * placed by hand, so every statistic has a value known in advance.
 */
class HeatmapStatsTest {

  private static final int W = 16;
  private static final int H = 12;
  private static final HeatmapGrid GRID = HeatmapGrid.centred(W, H);

  private static Heatmaps oneChannel(float[][] cells) {
    Heatmaps m = Heatmaps.zeros(1, GRID);
    for (float[] c : cells) {
      m.data()[(int) c[1] * W + (int) c[0]] = c[2];
    }
    return m;
  }

  private static float stat(float[] stats, String name) {
    return stats[HeatmapStats.index(0, name)];
  }

  @Test
  void secondPeakRatioIgnoresThePeaksOwnShoulderAndSeesARival() {
    // Peak 0.8 at (5, 4), its shoulder 0.7 two cells away (inside the peak), a rival 0.4 at (12, 9).
    float[] map = oneChannel(new float[][] {{5, 4, 0.8f}, {7, 4, 0.7f}, {12, 9, 0.4f}}).data();
    int peak = 4 * W + 5;
    assertThat(HeatmapStats.secondPeakRatio(map, 0, W, H, peak)).isCloseTo(0.5f, within(1e-6f));
    // The shoulder moved three cells away is a rival too.
    map[4 * W + 7] = 0;
    map[4 * W + 8] = 0.7f;
    assertThat(HeatmapStats.secondPeakRatio(map, 0, W, H, peak)).isCloseTo(0.875f, within(1e-6f));
    assertThat(HeatmapStats.secondPeakRatio(new float[W * H], 0, W, H, 0)).isZero();
  }

  @Test
  void distanceIsInGridWidths() {
    assertThat(HeatmapStats.distance(0, 4 * W + 3, W)).isCloseTo(5f / W, within(1e-6f));
    assertThat(HeatmapStats.distance(2 * W + 9, 2 * W + 9, W)).isZero();
  }

  /**
   * Member A: plain peak 1.0 at (5, 4), flipped view peak 1.0 at (9, 4). Member B (no flipped view):
   * 0.2 at (5, 4) and its own peak 0.3 at (13, 4). Fused with equal weights: (5, 4) = 0.35,
   * (9, 4) = 0.25, (13, 4) = 0.15.
   */
  private static List<MemberOutput> twoMembers() {
    MemberOutput a = new MemberOutput(oneChannel(new float[][] {{5, 4, 1f}}),
        oneChannel(new float[][] {{9, 4, 1f}}), null, null);
    MemberOutput b = new MemberOutput(oneChannel(new float[][] {{5, 4, 0.2f}, {13, 4, 0.3f}}), null, null,
        new double[][] {{13, 4}});
    return List.of(a, b);
  }

  @Test
  void decoderReportsPeakSharpnessAndDisagreement() {
    EnsembleDecoder decoder = new EnsembleDecoder(GRID, new double[] {1, 1}, true, null, null,
        Localisation.QUARTER);
    EnsembleDecoder.Decoded d = decoder.decodeWithStats(twoMembers());
    float[] s = d.stats();
    assertThat(s).hasSize(HeatmapStats.PER_JOINT);
    assertThat(d.keypoints()[2]).isCloseTo(0.35f, within(1e-6f));
    assertThat(stat(s, "peak")).isCloseTo(0.35f, within(1e-6f));
    assertThat(stat(s, "second_peak_ratio")).isCloseTo(0.25f / 0.35f, within(1e-6f));
    assertThat(stat(s, "prior_ratio")).isEqualTo(1f);
    // A's own peak is the fused one, B's is 8 cells away: mean 4 cells of 16.
    assertThat(stat(s, "member_spread")).isCloseTo(0.25f, within(1e-6f));
    // A's plain and flipped peaks are 4 cells apart; B has no flipped view.
    assertThat(stat(s, "flip_spread")).isCloseTo(0.25f, within(1e-6f));
    assertThat(d.keypoints()).containsExactly(decoder.decode(twoMembers()));
  }

  @Test
  void priorThatPullsAJointAwayFromThePeakLowersThePriorRatio() {
    // B regresses the centre person's joint at (13, 4): weighted by 1 / (distance + 1.8) the
    // prior picks (13, 4) (0.15 / 1.8) over (5, 4) (0.35 / 9.8) and (9, 4) (0.25 / 5.8).
    EnsembleDecoder decoder = new EnsembleDecoder(GRID, new double[] {1, 1}, false,
        new TargetPersonPrior(), null, Localisation.QUARTER);
    float[] s = decoder.decodeWithStats(twoMembers()).stats();
    // Without flip the fused map is (A plain + B plain) / 2: 0.6 at (5, 4), 0.15 at (13, 4).
    assertThat(stat(s, "peak")).isCloseTo(0.6f, within(1e-6f));
    assertThat(stat(s, "prior_ratio")).isCloseTo(0.15f / 0.6f, within(1e-6f));
    // Chosen (13, 4): A's peak is 8 cells away, B's is there.
    assertThat(stat(s, "member_spread")).isCloseTo(0.25f, within(1e-6f));
    assertThat(stat(s, "flip_spread")).isZero();
  }
}

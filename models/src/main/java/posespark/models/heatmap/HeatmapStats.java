package posespark.models.heatmap;

import java.util.List;

/**
 * Per-joint statistics of the fused heatmaps that tell a sure keypoint from a guess, kept as a
 * small {@code float[K * PER_JOINT]} per pose (joint-major, in {@link #NAMES} order) so the scorer
 * sees them without the heatmaps:
 * <ul>
 *   <li>{@code peak}: the fused channel's maximum;</li>
 *   <li>{@code second_peak_ratio}: the largest value farther than {@link #RADIUS} cells from that
 *       maximum, over the maximum (near 0: one sharp peak; near 1: two places compete);</li>
 *   <li>{@code prior_ratio}: the fused value at the chosen cell over the maximum (1 when the
 *       target-person prior kept the peak, lower when it pulled the joint elsewhere);</li>
 *   <li>{@code member_spread}: mean distance, in grid widths, from each member's own peak to the
 *       chosen cell (ensemble members disagree where it is large);</li>
 *   <li>{@code flip_spread}: mean distance, in grid widths, between each member's plain and
 *       flipped-view peaks (0 without flipped views).</li>
 * </ul>
 * Pure math; stateless.
 */
public final class HeatmapStats {

  /** Statistic names, in per-joint order. */
  public static final List<String> NAMES = List.of(
      "peak", "second_peak_ratio", "prior_ratio", "member_spread", "flip_spread");

  /** Values per joint. */
  public static final int PER_JOINT = NAMES.size();

  /** Cells around the maximum that still belong to its peak (Chebyshev distance). */
  public static final int RADIUS = 2;

  private HeatmapStats() {}

  /**
   * The largest value of a channel outside the square of {@link #RADIUS} cells around
   * {@code peakCell}, over the value at {@code peakCell}; 0 when the peak is not positive.
   */
  public static float secondPeakRatio(float[] map, int offset, int width, int height, int peakCell) {
    float peak = map[offset + peakCell];
    if (!(peak > 0)) {
      return 0;
    }
    int px = peakCell % width;
    int py = peakCell / width;
    float second = 0;
    for (int y = 0; y < height; y++) {
      boolean nearRow = Math.abs(y - py) <= RADIUS;
      int row = offset + y * width;
      for (int x = 0; x < width; x++) {
        if (nearRow && Math.abs(x - px) <= RADIUS) {
          continue;
        }
        second = Math.max(second, map[row + x]);
      }
    }
    return Math.min(1f, second / peak);
  }

  /** Euclidean distance between two cells of a {@code width}-wide grid, in grid widths. */
  public static float distance(int cellA, int cellB, int width) {
    double dx = cellA % width - cellB % width;
    double dy = cellA / width - cellB / width;
    return (float) (Math.sqrt(dx * dx + dy * dy) / width);
  }

  /** Index of one statistic of joint {@code k} in a pose's stats array. */
  public static int index(int k, String name) {
    int s = NAMES.indexOf(name);
    if (s < 0) {
      throw new IllegalArgumentException("unknown heatmap statistic '" + name + "' (known: " + NAMES + ")");
    }
    return k * PER_JOINT + s;
  }
}

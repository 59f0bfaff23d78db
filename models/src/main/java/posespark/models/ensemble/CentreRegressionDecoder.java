package posespark.models.ensemble;

import posespark.models.heatmap.HeatmapDecoder;
import posespark.models.heatmap.HeatmapGrid;

/**
 * MoveNet's first decoding step: pick the person centre as the maximum of the centre heatmap
 * weighted by inverse distance to the crop centre ({@code 1 / (d + 1.8)} cells), then add that
 * cell's centre-to-keypoint regression. The result is where the crop's centre person's joints are
 * expected: the location the target-person prior leans toward.
 */
public final class CentreRegressionDecoder {

  private static final double BIAS = 1.8;

  private CentreRegressionDecoder() {}

  /**
   * @param centre  centre heatmap output {@code [N, H, W, 1]}
   * @param regress regression output {@code [N, H, W, 2K]}, (dy, dx) interleaved, cells
   * @param n       crop index
   * @param grid    the model's grid (same for both outputs)
   * @param keypoints K
   * @return {@code [K][x, y]} in the model's cells
   */
  public static double[][] decode(float[] centre, float[] regress, int n, HeatmapGrid grid,
      int keypoints) {
    int w = grid.width();
    int h = grid.height();
    int cells = w * h;
    double cx = grid.cellX(0.5);
    double cy = grid.cellY(0.5);
    float[] weighted = new float[cells];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double d = Math.hypot(x - cx, y - cy);
        weighted[y * w + x] = (float) (centre[n * cells + y * w + x] / (d + BIAS));
      }
    }
    int best = HeatmapDecoder.argmax(weighted, 0, cells);
    int bx = best % w;
    int by = best / w;
    double[][] out = new double[keypoints][2];
    int base = (n * cells + best) * 2 * keypoints;
    for (int k = 0; k < keypoints; k++) {
      out[k][0] = bx + regress[base + 2 * k + 1];
      out[k][1] = by + regress[base + 2 * k];
    }
    return out;
  }
}

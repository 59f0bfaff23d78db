package posespark.models.refine;

import posespark.models.heatmap.HeatmapGrid;
import posespark.models.heatmap.Heatmaps;

/**
 * An input pose rendered as per-joint Gaussian weight maps on a heatmap grid: joint {@code k} at
 * cell {@code (x, y)} with score {@code c} becomes {@code (1 - c) + c · exp(-d² / 2σ²)}, i.e.
 * flat where the input is unsure and peaked at the input joint where it is sure. Multiplying
 * re-estimated heatmaps by it keeps confident joints near where they were unless the new evidence
 * is much stronger elsewhere.
 */
public final class PosePrior {

  private final double sigma;

  /** @param sigma Gaussian standard deviation in cells of the grid it is rendered on */
  public PosePrior(double sigma) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("prior sigma must be positive: " + sigma);
    }
    this.sigma = sigma;
  }

  public double sigma() {
    return sigma;
  }

  /**
   * Renders {@code [u, v, score] × K} (normalised crop coordinates) on {@code grid}. Scores are
   * clamped to [0, 1]; a joint of score 0 gives a map of ones.
   */
  public Heatmaps render(float[] cropKeypoints, HeatmapGrid grid) {
    int channels = cropKeypoints.length / 3;
    Heatmaps out = Heatmaps.zeros(channels, grid);
    float[] data = out.data();
    double inv = 1 / (2 * sigma * sigma);
    for (int k = 0; k < channels; k++) {
      double cx = grid.cellX(cropKeypoints[3 * k]);
      double cy = grid.cellY(cropKeypoints[3 * k + 1]);
      double c = Math.min(1, Math.max(0, cropKeypoints[3 * k + 2]));
      int o = out.offset(k);
      for (int y = 0; y < grid.height(); y++) {
        double dy2 = (y - cy) * (y - cy);
        for (int x = 0; x < grid.width(); x++) {
          double g = Math.exp(-((x - cx) * (x - cx) + dy2) * inv);
          data[o + y * grid.width() + x] = (float) ((1 - c) + c * g);
        }
      }
    }
    return out;
  }
}

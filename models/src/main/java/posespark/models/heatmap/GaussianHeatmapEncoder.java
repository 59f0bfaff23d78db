package posespark.models.heatmap;

/**
 * Encodes a keypoint as an unnormalised Gaussian {@code exp(-d² / (2 σ²))} centred at a sub-cell
 * point, the training target of heatmap models (and the inverse the decoders are tested against).
 */
public final class GaussianHeatmapEncoder {

  private final double sigma;

  /** @param sigma standard deviation in cells (2 for 64×48 maps in HRNet) */
  public GaussianHeatmapEncoder(double sigma) {
    this.sigma = sigma;
  }

  /** Writes the Gaussian at cell coordinates {@code (x, y)} into channel values starting at offset. */
  public void encode(double x, double y, float[] map, int offset, int width, int height) {
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double d2 = (c - x) * (c - x) + (r - y) * (r - y);
        map[offset + r * width + c] = (float) Math.exp(-d2 / (2 * sigma * sigma));
      }
    }
  }
}

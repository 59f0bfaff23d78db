package posespark.models.heatmap;

/**
 * DARK (distribution-aware coordinate representation, Zhang et al. 2020): modulate the heatmap
 * with a Gaussian blur (rescaled to keep its maximum), take its logarithm, and refine the argmax
 * with one Newton step of the second-order Taylor expansion. Exact for a Gaussian peak away from
 * the border; falls back to the argmax where the Hessian is not negative definite or a neighbour
 * is missing.
 */
public final class DarkDecoder implements HeatmapDecoder {

  private static final double FLOOR = 1e-10;

  private final GaussianBlur blur;

  /** DARK with the reference kernel size 11. */
  public DarkDecoder() {
    this(new GaussianBlur(11));
  }

  /** DARK with another modulation blur ({@code null}: none). */
  public DarkDecoder(GaussianBlur blur) {
    this.blur = blur;
  }

  @Override
  public Peak refine(float[] map, int offset, int width, int height, int px, int py) {
    int cells = width * height;
    int i = py * width + px;
    if (px < 1 || px > width - 2 || py < 1 || py > height - 2) {
      return new Peak(px, py, px, py);
    }
    float[] m;
    if (blur != null) {
      m = blur.apply(map, offset, width, height);
      // DARK rescales the modulated map to the original maximum.
      float originalMax = map[offset + HeatmapDecoder.argmax(map, offset, cells)];
      float blurredMax = m[HeatmapDecoder.argmax(m, 0, cells)];
      float scale = blurredMax > 0 ? originalMax / blurredMax : 1f;
      for (int c = 0; c < cells; c++) {
        m[c] *= scale;
      }
    } else {
      m = new float[cells];
      System.arraycopy(map, offset, m, 0, cells);
    }
    double c = log(m, i);
    double dx = 0.5 * (log(m, i + 1) - log(m, i - 1));
    double dy = 0.5 * (log(m, i + width) - log(m, i - width));
    double dxx = log(m, i + 1) - 2 * c + log(m, i - 1);
    double dyy = log(m, i + width) - 2 * c + log(m, i - width);
    double dxy = 0.25 * (log(m, i + width + 1) - log(m, i + width - 1)
        - log(m, i - width + 1) + log(m, i - width - 1));
    double det = dxx * dyy - dxy * dxy;
    if (!(dxx < 0) || !(det > 0)) {
      return new Peak(px, py, px, py);
    }
    // Newton step: -H^{-1} g.
    double ox = -(dyy * dx - dxy * dy) / det;
    double oy = -(dxx * dy - dxy * dx) / det;
    if (Math.abs(ox) > 1 || Math.abs(oy) > 1) {
      return new Peak(px, py, px, py);
    }
    return new Peak(px + ox, py + oy, px, py);
  }

  private static double log(float[] m, int i) {
    return Math.log(Math.max(m[i], FLOOR));
  }
}

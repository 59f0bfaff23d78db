package posespark.models.heatmap;

import posespark.models.geometry.CropView;

/**
 * Resamples heatmaps onto another grid over the same crop, optionally un-mirroring the heatmaps
 * of a horizontally flipped crop, so that every ensemble member lands in one common frame.
 *
 * <p>Each target cell takes the bilinear sample of the source at the same normalised crop point
 * (via both grids' cell offsets). For a flipped crop the point is mirrored ({@code u → 1 - u}) and
 * channel {@code k} reads source channel {@code flipIndex[k]} (left/right swap): with centred cells
 * that is an exact array mirror, with corner-aligned cells a mirror plus the one-cell shift.
 *
 * <p>Heatmaps of a test-time-augmentation {@link CropView} (scaled, turned) are warped back into
 * the reference crop's frame the same way, through the view's inverse map; target cells the view
 * did not see are NaN, so that an average can leave them to the views that did.
 */
public final class HeatmapWarp {

  private HeatmapWarp() {}

  /**
   * @param source    heatmaps of the plain or flipped crop
   * @param target    the grid to resample onto
   * @param flipIndex null for a plain crop; for a flipped crop the channel permutation
   *                  (e.g. {@code CocoKeypoints.flipIndex()})
   */
  public static Heatmaps warp(Heatmaps source, HeatmapGrid target, int[] flipIndex) {
    HeatmapGrid from = source.grid();
    boolean mirrored = flipIndex != null;
    if (!mirrored && from.equals(target)) {
      return source;
    }
    int tw = target.width();
    int th = target.height();
    double[] sx = new double[tw];
    for (int x = 0; x < tw; x++) {
      double u = target.u(x);
      sx[x] = from.cellX(mirrored ? 1 - u : u);
    }
    double[] sy = new double[th];
    for (int y = 0; y < th; y++) {
      sy[y] = from.cellY(target.v(y));
    }
    SampleTaps xs = SampleTaps.along(sx, from.width());
    SampleTaps ys = SampleTaps.along(sy, from.height());
    int fw = from.width();
    float[] src = source.data();
    Heatmaps out = Heatmaps.zeros(source.channels(), target);
    float[] data = out.data();
    for (int k = 0; k < source.channels(); k++) {
      int s = source.offset(mirrored ? flipIndex[k] : k);
      int o = out.offset(k);
      for (int y = 0; y < th; y++) {
        int rowLow = s + ys.low()[y] * fw;
        int rowHigh = s + ys.high()[y] * fw;
        double fy = ys.fraction()[y];
        for (int x = 0; x < tw; x++) {
          // The arithmetic of Heatmaps.sample, with the taps computed once per column and row.
          int x0 = xs.low()[x];
          int x1 = xs.high()[x];
          double fx = xs.fraction()[x];
          double top = src[rowLow + x0] * (1 - fx) + src[rowLow + x1] * fx;
          double bottom = src[rowHigh + x0] * (1 - fx) + src[rowHigh + x1] * fx;
          data[o + y * tw + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  /**
   * Warps the heatmaps of a view of the crop back into the reference crop's frame on {@code target}.
   *
   * @param source    heatmaps of the view's crop (plain or mirrored)
   * @param flipIndex null for the plain view crop; the channel permutation for its mirrored twin
   * @param view      the view the source crop was cut with
   * @param aspectHw  the reference window's height / width
   * @return heatmaps on {@code target}; NaN where the target point lies outside the view
   */
  public static Heatmaps warpView(Heatmaps source, HeatmapGrid target, int[] flipIndex,
      CropView view, double aspectHw) {
    if (view.isIdentity()) {
      return warp(source, target, flipIndex);
    }
    HeatmapGrid from = source.grid();
    boolean mirrored = flipIndex != null;
    int tw = target.width();
    int th = target.height();
    int cells = tw * th;
    double[] sx = new double[cells];
    double[] sy = new double[cells];
    boolean[] inside = new boolean[cells];
    double[] uv = new double[2];
    for (int y = 0; y < th; y++) {
      for (int x = 0; x < tw; x++) {
        view.toView(target.u(x), target.v(y), aspectHw, uv);
        int i = y * tw + x;
        inside[i] = uv[0] >= 0 && uv[0] <= 1 && uv[1] >= 0 && uv[1] <= 1;
        sx[i] = from.cellX(mirrored ? 1 - uv[0] : uv[0]);
        sy[i] = from.cellY(uv[1]);
      }
    }
    Heatmaps out = Heatmaps.zeros(source.channels(), target);
    float[] data = out.data();
    for (int k = 0; k < source.channels(); k++) {
      int sourceChannel = mirrored ? flipIndex[k] : k;
      int o = out.offset(k);
      for (int i = 0; i < cells; i++) {
        data[o + i] = inside[i] ? source.sample(sourceChannel, sx[i], sy[i]) : Float.NaN;
      }
    }
    return out;
  }
}

package posespark.models.heatmap;

/**
 * Resamples heatmaps onto another grid over the same crop, optionally un-mirroring the heatmaps
 * of a horizontally flipped crop, so that every ensemble member lands in one common frame.
 *
 * <p>Each target cell takes the bilinear sample of the source at the same normalised crop point
 * (via both grids' cell offsets). For a flipped crop the point is mirrored ({@code u → 1 - u}) and
 * channel {@code k} reads source channel {@code flipIndex[k]} (left/right swap): with centred cells
 * that is an exact array mirror, with corner-aligned cells a mirror plus the one-cell shift.
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
    Heatmaps out = Heatmaps.zeros(source.channels(), target);
    float[] data = out.data();
    for (int k = 0; k < source.channels(); k++) {
      int sourceChannel = mirrored ? flipIndex[k] : k;
      int o = out.offset(k);
      for (int y = 0; y < th; y++) {
        double sy = from.cellY(target.v(y));
        for (int x = 0; x < tw; x++) {
          data[o + y * tw + x] = source.sample(sourceChannel, sx[x], sy);
        }
      }
    }
    return out;
  }
}

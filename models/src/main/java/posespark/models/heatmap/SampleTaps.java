package posespark.models.heatmap;

/**
 * The two neighbouring cells and the weight of the upper one for each of a row (or column) of
 * continuous cell coordinates along one axis of a map, clamped to the map exactly as
 * {@link Heatmaps#sample} clamps them. Computed once per target row or column, so that resampling a
 * whole map does the per-cell clamping and flooring once per axis instead of once per cell and channel.
 */
record SampleTaps(int[] low, int[] high, double[] fraction) {

  /** Taps of {@code coords} on an axis of {@code size} cells. */
  static SampleTaps along(double[] coords, int size) {
    int n = coords.length;
    int[] low = new int[n];
    int[] high = new int[n];
    double[] fraction = new double[n];
    for (int i = 0; i < n; i++) {
      double c = Math.min(Math.max(coords[i], 0), size - 1);
      int lo = Math.min((int) c, size - 1);
      low[i] = lo;
      high[i] = Math.min(lo + 1, size - 1);
      fraction[i] = c - lo;
    }
    return new SampleTaps(low, high, fraction);
  }
}

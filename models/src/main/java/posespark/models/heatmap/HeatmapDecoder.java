package posespark.models.heatmap;

/**
 * Turns one heatmap channel into a sub-cell keypoint location. Implementations are stateless and
 * thread-safe and never modify the input. Channel values are {@code map[offset .. offset + W * H)},
 * row-major {@code (H, W)}.
 */
public interface HeatmapDecoder {

  /** Refines the peak at integer cell {@code (cellX, cellY)} to a sub-cell location. */
  Peak refine(float[] map, int offset, int width, int height, int cellX, int cellY);

  /** Decodes the channel's global maximum. */
  default Peak decode(float[] map, int offset, int width, int height) {
    int i = argmax(map, offset, width * height);
    return refine(map, offset, width, height, i % width, i / width);
  }

  /** Index (relative to {@code offset}) of the largest value; the first one on ties. */
  static int argmax(float[] map, int offset, int cells) {
    int best = 0;
    float bestValue = map[offset];
    for (int i = 1; i < cells; i++) {
      if (map[offset + i] > bestValue) {
        bestValue = map[offset + i];
        best = i;
      }
    }
    return best;
  }

  /**
   * Steepest ascent over the 8 neighbours from cell index {@code start} to a local maximum; used
   * after a prior picked a cell, so that sub-cell refinement starts on the peak itself rather than
   * on its flank the prior leaned toward.
   */
  static int climb(float[] map, int offset, int width, int height, int start) {
    int current = start;
    while (true) {
      int x = current % width;
      int y = current / width;
      int best = current;
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx;
          int ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < width && ny < height
              && map[offset + ny * width + nx] > map[offset + best]) {
            best = ny * width + nx;
          }
        }
      }
      if (best == current) {
        return current;
      }
      current = best;
    }
  }
}

package posespark.models.heatmap;

/**
 * Argmax plus a quarter-cell step toward the higher neighbour on each axis, the decoding of
 * HRNet's {@code get_final_preds}: the step is taken only where both neighbours exist and is
 * skipped when they are equal. Error bound for a clean peak: about a quarter cell.
 */
public final class QuarterOffsetDecoder implements HeatmapDecoder {

  @Override
  public Peak refine(float[] map, int offset, int width, int height, int px, int py) {
    int i = py * width + px;
    double x = px;
    double y = py;
    if (px > 0 && px < width - 1) {
      x += 0.25 * Math.signum(map[offset + i + 1] - map[offset + i - 1]);
    }
    if (py > 0 && py < height - 1) {
      y += 0.25 * Math.signum(map[offset + i + width] - map[offset + i - width]);
    }
    return new Peak(x, y, px, py);
  }
}

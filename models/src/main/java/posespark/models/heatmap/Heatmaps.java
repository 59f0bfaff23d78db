package posespark.models.heatmap;

/**
 * One crop's keypoint heatmaps, channel-major: {@code data[(k * H + y) * W + x]}, shape
 * {@code (K, H, W)}, on a {@link HeatmapGrid}. Values are probabilities-like scores (after a
 * sigmoid for models that emit logits). Mutable only while being built.
 *
 * @param channels K, the keypoints (17 for COCO order)
 * @param grid     where the cells sit in the crop
 * @param data     {@code K * H * W} values
 */
public record Heatmaps(int channels, HeatmapGrid grid, float[] data) {

  public Heatmaps {
    if (data.length != channels * grid.cells()) {
      throw new IllegalArgumentException("heatmap data has " + data.length + " values, expected "
          + channels + "x" + grid.height() + "x" + grid.width());
    }
  }

  /** Zero heatmaps of the given shape. */
  public static Heatmaps zeros(int channels, HeatmapGrid grid) {
    return new Heatmaps(channels, grid, new float[channels * grid.cells()]);
  }

  /**
   * Picks channels of crop {@code n} out of an NHWC model output {@code [N, H, W, C]}:
   * output channel {@code k} is input channel {@code channelMap[k]}; {@code logits} applies a
   * sigmoid (PoseNet emits logits).
   */
  public static Heatmaps fromNhwc(float[] nhwc, int n, HeatmapGrid grid, int sourceChannels,
      int[] channelMap, boolean logits) {
    int cells = grid.cells();
    float[] out = new float[channelMap.length * cells];
    int base = n * cells * sourceChannels;
    for (int cell = 0; cell < cells; cell++) {
      int src = base + cell * sourceChannels;
      for (int k = 0; k < channelMap.length; k++) {
        float value = nhwc[src + channelMap[k]];
        out[k * cells + cell] = logits ? (float) (1 / (1 + Math.exp(-value))) : value;
      }
    }
    return new Heatmaps(channelMap.length, grid, out);
  }

  public int width() {
    return grid.width();
  }

  public int height() {
    return grid.height();
  }

  /** Offset of channel {@code k}'s first value in {@link #data()}. */
  public int offset(int k) {
    return k * grid.cells();
  }

  public float at(int k, int y, int x) {
    return data[(k * grid.height() + y) * grid.width() + x];
  }

  /** Continuous bilinear sample of channel {@code k} at cell coordinates, clamped to the map. */
  public float sample(int k, double cellX, double cellY) {
    int w = grid.width();
    int h = grid.height();
    double x = Math.min(Math.max(cellX, 0), w - 1);
    double y = Math.min(Math.max(cellY, 0), h - 1);
    int x0 = Math.min((int) x, w - 1);
    int y0 = Math.min((int) y, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    double fx = x - x0;
    double fy = y - y0;
    int o = offset(k);
    double top = data[o + y0 * w + x0] * (1 - fx) + data[o + y0 * w + x1] * fx;
    double bottom = data[o + y1 * w + x0] * (1 - fx) + data[o + y1 * w + x1] * fx;
    return (float) (top * (1 - fy) + bottom * fy);
  }
}

package posespark.models.heatmap;

/**
 * A model's own per-cell offset regression: for keypoint {@code k} and cell {@code (x, y)} the
 * keypoint lies at cell coordinates {@code (x + dx, y + dy)} of the model's {@link HeatmapGrid}
 * plus {@code origin} (MoveNet's graph computes {@code (x + dx) / W}, i.e. offsets counted from
 * the cell's corner while its cells are centred: origin {@code -cellOffset}).
 *
 * <p>Layout {@code (K, H, W, 2)} with {@code (dy, dx)} in cells: {@code data[((k * H + y) * W + x) * 2]}.
 *
 * @param channels K
 * @param grid     the heatmap grid the offsets belong to
 * @param data     {@code K * H * W * 2} values
 * @param origin   added to every refined coordinate (cells)
 */
public record KeypointOffsets(int channels, HeatmapGrid grid, float[] data, double origin) {

  public KeypointOffsets {
    if (data.length != channels * grid.cells() * 2) {
      throw new IllegalArgumentException("offset data has " + data.length + " values, expected "
          + channels + "x" + grid.height() + "x" + grid.width() + "x2");
    }
  }

  /**
   * Picks crop {@code n} out of an NHWC output {@code [N, H, W, 2K]}; {@code interleaved}: channel
   * {@code 2k} is dy and {@code 2k + 1} dx (MoveNet); otherwise dy of all K, then dx (PoseNet).
   * {@code scale} converts the model's unit to cells (1/stride for pixel offsets).
   */
  public static KeypointOffsets fromNhwc(float[] nhwc, int n, HeatmapGrid grid, int[] channelMap,
      boolean interleaved, double scale, double origin) {
    int cells = grid.cells();
    int sourceChannels = 2 * channelMap.length;
    float[] out = new float[channelMap.length * cells * 2];
    int base = n * cells * sourceChannels;
    for (int cell = 0; cell < cells; cell++) {
      int src = base + cell * sourceChannels;
      for (int k = 0; k < channelMap.length; k++) {
        int c = channelMap[k];
        int dyIndex = interleaved ? 2 * c : c;
        int dxIndex = interleaved ? 2 * c + 1 : c + channelMap.length;
        out[(k * cells + cell) * 2] = (float) (nhwc[src + dyIndex] * scale);
        out[(k * cells + cell) * 2 + 1] = (float) (nhwc[src + dxIndex] * scale);
      }
    }
    return new KeypointOffsets(channelMap.length, grid, out, origin);
  }

  /** Refined {@code {x, y}} in cells of {@link #grid()} for keypoint k from integer cell (x, y). */
  public double[] refine(int k, int x, int y) {
    int i = ((k * grid.height() + y) * grid.width() + x) * 2;
    return new double[] {x + data[i + 1] + origin, y + data[i] + origin};
  }
}

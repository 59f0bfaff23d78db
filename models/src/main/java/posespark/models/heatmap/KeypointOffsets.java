package posespark.models.heatmap;

/**
 * A model's own per-cell offset regression: for keypoint {@code k} and cell {@code (x, y)} the
 * keypoint lies at cell coordinates {@code (x + dx, y + dy)} of the model's {@link HeatmapGrid}
 * plus {@code origin} (MoveNet's graph computes {@code (x + dx) / W}, i.e. offsets counted from
 * the cell's corner while its cells are centred: origin {@code -cellOffset}).
 *
 * <p>A view of one crop's slice of the model's NHWC output: a decoder reads one cell per keypoint,
 * so the values are read where they are asked for instead of being copied out for every cell.
 */
public final class KeypointOffsets {

  private final float[] nhwc;
  private final int base;
  private final HeatmapGrid grid;
  private final int[] channelMap;
  private final boolean interleaved;
  private final double scale;
  private final double origin;

  private KeypointOffsets(float[] nhwc, int base, HeatmapGrid grid, int[] channelMap, boolean interleaved,
      double scale, double origin) {
    this.nhwc = nhwc;
    this.base = base;
    this.grid = grid;
    this.channelMap = channelMap.clone();
    this.interleaved = interleaved;
    this.scale = scale;
    this.origin = origin;
  }

  /**
   * Picks crop {@code n} out of an NHWC output {@code [N, H, W, 2K]}; {@code interleaved}: channel
   * {@code 2k} is dy and {@code 2k + 1} dx (MoveNet); otherwise dy of all K, then dx (PoseNet).
   * {@code scale} converts the model's unit to cells (1/stride for pixel offsets).
   */
  public static KeypointOffsets fromNhwc(float[] nhwc, int n, HeatmapGrid grid, int[] channelMap,
      boolean interleaved, double scale, double origin) {
    int perCrop = grid.cells() * 2 * channelMap.length;
    if (nhwc.length < (n + 1) * perCrop) {
      throw new IllegalArgumentException("offset output has " + nhwc.length + " values, crop " + n
          + " needs " + (n + 1) * perCrop);
    }
    return new KeypointOffsets(nhwc, n * perCrop, grid, channelMap, interleaved, scale, origin);
  }

  /** K: the keypoints. */
  public int channels() {
    return channelMap.length;
  }

  /** The heatmap grid the offsets belong to. */
  public HeatmapGrid grid() {
    return grid;
  }

  /** Added to every refined coordinate (cells). */
  public double origin() {
    return origin;
  }

  /** Refined {@code {x, y}} in cells of {@link #grid()} for keypoint k from integer cell (x, y). */
  public double[] refine(int k, int x, int y) {
    int src = base + (y * grid.width() + x) * 2 * channelMap.length;
    int c = channelMap[k];
    float dy = (float) (nhwc[src + (interleaved ? 2 * c : c)] * scale);
    float dx = (float) (nhwc[src + (interleaved ? 2 * c + 1 : c + channelMap.length)] * scale);
    return new double[] {x + dx + origin, y + dy + origin};
  }
}

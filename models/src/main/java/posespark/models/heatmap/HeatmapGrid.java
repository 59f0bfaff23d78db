package posespark.models.heatmap;

/**
 * Where a heatmap's cells sit in the crop: cell {@code i} of a {@code width}-cell row is centred at
 * normalised crop coordinate {@code (i + cellOffset) / width}.
 *
 * <p>The offset is a model fact and costs ~5 AP when wrong: MoveNet's cells are centred
 * ({@code cellOffset = 0.5}), BlazePose's sit on the grid corners ({@code cellOffset = 0}). A
 * horizontal flip maps cell {@code i} to {@code spanX - i - 2 * cellOffset}: an exact array mirror
 * for centred cells, a mirror plus a one-cell shift for corner cells (the shift HRNet's flip test
 * applies to its corner-aligned heatmaps).
 *
 * <p>Most models tile the crop exactly ({@code spanX == width}); a model whose cells sit on every
 * {@code stride}-th input pixel of an odd-sized input (PoseNet: 25 cells, stride 16, 385 px) spans
 * {@code (inputSize) / stride} cells.
 *
 * @param width      cells per row
 * @param height     rows
 * @param cellOffset 0.5 for centred cells, 0 for corner-aligned cells
 * @param spanX      how many cell widths the crop is wide
 * @param spanY      how many cell heights the crop is high
 */
public record HeatmapGrid(int width, int height, double cellOffset, double spanX, double spanY) {

  public HeatmapGrid {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("heatmap grid must be at least 1x1: " + width + "x" + height);
    }
    if (!(spanX > 0) || !(spanY > 0)) {
      throw new IllegalArgumentException("heatmap span must be positive");
    }
  }

  /** A grid that tiles the crop exactly. */
  public HeatmapGrid(int width, int height, double cellOffset) {
    this(width, height, cellOffset, width, height);
  }

  /**
   * A grid whose cells sit on every {@code stride}-th pixel of an {@code inputW × inputH} input,
   * cell {@code i} on pixel {@code i * stride} (centred at {@code i * stride + 0.5}).
   */
  public static HeatmapGrid strided(int width, int height, int stride, int inputW, int inputH) {
    return new HeatmapGrid(width, height, 0.5 / stride, (double) inputW / stride,
        (double) inputH / stride);
  }

  /** A grid of centred cells (MoveNet, PoseNet, the common ensemble frame). */
  public static HeatmapGrid centred(int width, int height) {
    return new HeatmapGrid(width, height, 0.5);
  }

  /** A grid of corner-aligned cells (BlazePose). */
  public static HeatmapGrid cornerAligned(int width, int height) {
    return new HeatmapGrid(width, height, 0.0);
  }

  /** Normalised crop x of (continuous) cell column {@code cellX}. */
  public double u(double cellX) {
    return (cellX + cellOffset) / spanX;
  }

  /** Normalised crop y of (continuous) cell row {@code cellY}. */
  public double v(double cellY) {
    return (cellY + cellOffset) / spanY;
  }

  /** Continuous cell column of normalised crop x. */
  public double cellX(double u) {
    return u * spanX - cellOffset;
  }

  /** Continuous cell row of normalised crop y. */
  public double cellY(double v) {
    return v * spanY - cellOffset;
  }

  /** Cells per map ({@code width * height}). */
  public int cells() {
    return width * height;
  }
}

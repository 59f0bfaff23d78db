package posespark.models.heatmap;

/**
 * A decoded keypoint location on one heatmap channel, in continuous cell coordinates of the
 * heatmap's {@link HeatmapGrid} (convert with {@code grid.u(x)}, {@code grid.v(y)}).
 *
 * @param x       sub-cell column
 * @param y       sub-cell row
 * @param cellX   the integer argmax column the refinement started from
 * @param cellY   the integer argmax row
 */
public record Peak(double x, double y, int cellX, int cellY) {}

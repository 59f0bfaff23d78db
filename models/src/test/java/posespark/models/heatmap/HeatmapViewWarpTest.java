package posespark.models.heatmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.CropView;
import posespark.models.geometry.CropWindow;
import posespark.models.keypoints.CocoKeypoints;

/**
 * A keypoint at a known image point is encoded as a Gaussian peak in a scaled/turned view's
 * heatmaps (plain and mirrored crop), warped back into the reference crop's common frame and
 * decoded: it must land on the same image point within half a pixel.
 */
class HeatmapViewWarpTest {

  private static final HeatmapGrid COMMON = HeatmapGrid.centred(64, 64);
  private static final CropWindow WINDOW = new CropWindow(412.6, 305.2, 192, 256);
  private static final double ASPECT = WINDOW.height() / WINDOW.width();
  private static final int LEFT_KNEE = CocoKeypoints.indexOf("left_knee");
  private static final int RIGHT_KNEE = CocoKeypoints.indexOf("right_knee");
  private static final double[] POINT = {441.3, 362.9};
  private static final double SIGMA = 2;

  /** The view's heatmaps (on {@code grid}) with a Gaussian for channel k at the image point. */
  private static Heatmaps viewHeatmaps(CropView view, HeatmapGrid grid, int channel, boolean mirrored) {
    double[] uv = new double[2];
    view.toView(WINDOW.u(POINT[0]), WINDOW.v(POINT[1]), ASPECT, uv);
    double u = mirrored ? 1 - uv[0] : uv[0];
    Heatmaps h = Heatmaps.zeros(17, grid);
    new GaussianHeatmapEncoder(SIGMA).encode(grid.cellX(u), grid.cellY(uv[1]), h.data(), h.offset(channel),
        grid.width(), grid.height());
    return h;
  }

  /**
   * The peak's image point: centroid of the fourth power of the map (a narrower Gaussian, so the
   * locator itself is unbiased; DARK's quadratic fit is biased on bilinearly resampled peaks).
   * Unseen cells (NaN) count as no evidence, as in the ensemble's average with the reference.
   */
  private static double[] imagePoint(Heatmaps common, int channel) {
    double sx = 0;
    double sy = 0;
    double sw = 0;
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        double value = common.at(channel, y, x);
        double w = Double.isNaN(value) ? 0 : Math.pow(value, 4);
        sx += w * x;
        sy += w * y;
        sw += w;
      }
    }
    return new double[] {WINDOW.imageX(COMMON.u(sx / sw)), WINDOW.imageY(COMMON.v(sy / sw))};
  }

  @Test
  void peakOfAScaledOrTurnedViewLandsOnTheSameImagePoint() {
    for (CropView view : List.of(new CropView(0.9, 0), new CropView(1.15, 0), new CropView(1, -10),
        new CropView(1, 15), new CropView(1.15, -15))) {
      for (HeatmapGrid grid : List.of(HeatmapGrid.centred(48, 64), HeatmapGrid.cornerAligned(64, 64))) {
        Heatmaps back = HeatmapWarp.warpView(viewHeatmaps(view, grid, LEFT_KNEE, false), COMMON, null,
            view, ASPECT);
        double[] p = imagePoint(back, LEFT_KNEE);
        assertThat(Math.hypot(p[0] - POINT[0], p[1] - POINT[1])).as("%s on %s, plain", view, grid)
            .isLessThan(0.5);
      }
    }
  }

  @Test
  void mirroredViewComesBackUnmirroredWithLeftAndRightSwapped() {
    for (CropView view : List.of(new CropView(0.9, 10), new CropView(1, -15))) {
      // In the mirrored crop the person's left knee is seen as a right knee.
      Heatmaps mirrored = viewHeatmaps(view, HeatmapGrid.centred(64, 64), RIGHT_KNEE, true);
      Heatmaps back = HeatmapWarp.warpView(mirrored, COMMON, CocoKeypoints.flipIndex(), view, ASPECT);
      double[] p = imagePoint(back, LEFT_KNEE);
      assertThat(Math.hypot(p[0] - POINT[0], p[1] - POINT[1])).as("%s, mirrored", view).isLessThan(0.5);
    }
  }

  @Test
  void cellsTheViewDidNotSeeAreNaN() {
    Heatmaps back = HeatmapWarp.warpView(Heatmaps.zeros(17, COMMON), COMMON, null, new CropView(0.9, 0),
        ASPECT);
    // A 0.9 view sees the inner 90 %: the reference's corner cell lies outside, its centre inside.
    assertThat(back.at(0, 0, 0)).isNaN();
    assertThat(back.at(0, 32, 32)).isZero();
    Heatmaps turned = HeatmapWarp.warpView(Heatmaps.zeros(17, COMMON), COMMON, null, new CropView(1, 10),
        ASPECT);
    assertThat(turned.at(5, 0, 63)).as("corner of a turned view").isNaN();
    assertThat(turned.at(5, 32, 0)).as("middle of the left edge").isZero();
  }
}

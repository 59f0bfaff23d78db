package posespark.models.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseGeometryTest {

  /** 17 keypoints at (i, 10 i) with score i / 20. */
  private static double[] ramp() {
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = i;
      k[3 * i + 1] = 10 * i;
      k[3 * i + 2] = i / 20.0;
    }
    return k;
  }

  private static double[] threePoints(double ax, double ay, double bx, double by, double cx, double cy) {
    return new double[] {ax, ay, 1, bx, by, 1, cx, cy, 1};
  }

  @Test
  void rightAngleIsNinetyDegrees() {
    assertThat(PoseGeometry.jointAngleDegrees(threePoints(0, 5, 0, 0, 3, 0), 0, 1, 2))
        .isCloseTo(90.0, within(1e-12));
  }

  @Test
  void angleOfAnEquilateralTriangleIsSixtyDegrees() {
    double[] k = threePoints(0, 0, 1, Math.sqrt(3), 2, 0);
    assertThat(PoseGeometry.jointAngleDegrees(k, 0, 1, 2)).isCloseTo(60.0, within(1e-12));
  }

  @Test
  void straightLimbIsOneEightyAndFoldedIsZero() {
    assertThat(PoseGeometry.jointAngleDegrees(threePoints(-2, 0, 0, 0, 7, 0), 0, 1, 2))
        .isCloseTo(180.0, within(1e-12));
    assertThat(PoseGeometry.jointAngleDegrees(threePoints(2, 2, 0, 0, 5, 5), 0, 1, 2))
        .isCloseTo(0.0, within(1e-12));
  }

  @Test
  void angleAtACoincidentNeighbourIsUndefined() {
    assertThat(PoseGeometry.jointAngleDegrees(threePoints(1, 1, 1, 1, 3, 0), 0, 1, 2)).isNaN();
  }

  @Test
  void limbLengthIsEuclidean() {
    assertThat(PoseGeometry.limbLength(threePoints(1, 2, 4, 6, 0, 0), 0, 1)).isEqualTo(5.0);
  }

  @Test
  void visibleCountCountsScoresAtOrAboveTheThreshold() {
    // scores i / 20: 0.5 and above for i = 10..16
    assertThat(PoseGeometry.visibleCount(ramp(), 0.5)).isEqualTo(7);
    assertThat(PoseGeometry.visibleCount(ramp(), 0.0)).isEqualTo(17);
    assertThat(PoseGeometry.visibleCount(ramp(), 0.81)).isZero();
  }

  @Test
  void flipMirrorsXAndSwapsLeftAndRight() {
    double[] f = PoseGeometry.flip(ramp(), 100);
    // nose (0) stays nose: x = 100 - 0
    assertThat(f[0]).isEqualTo(100.0);
    // left_eye (1) takes right_eye (2): x = 100 - 2, y = 20, score 2/20
    assertThat(new double[] {f[3], f[4], f[5]}).containsExactly(98.0, 20.0, 0.1);
    // right_ankle (16) takes left_ankle (15)
    assertThat(new double[] {f[48], f[49], f[50]}).containsExactly(85.0, 150.0, 0.75);
  }

  @Test
  void flippingTwiceGivesThePoseBack() {
    assertThat(PoseGeometry.flip(PoseGeometry.flip(ramp(), 64), 64)).containsExactly(ramp());
  }

  @Test
  void flipRefusesOtherKeypointCounts() {
    assertThatThrownBy(() -> PoseGeometry.flip(new double[9], 10))
        .hasMessageContaining("17 COCO keypoints, got 3");
  }
}

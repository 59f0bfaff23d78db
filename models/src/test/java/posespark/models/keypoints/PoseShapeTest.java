package posespark.models.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseShapeTest {

  @Test
  void shapeIsCentredAndOfUnitNorm() {
    // (0,0), (2,0), (2,2), (0,2): centroid (1,1), each offset has length sqrt(2), norm sqrt(8)
    double[] square = {0, 0, 1, 2, 0, 1, 2, 2, 1, 0, 2, 1};
    double[] s = PoseShape.normalize(square);
    double r = 1 / Math.sqrt(8);
    assertThat(s).containsExactly(new double[] {-r, -r, r, -r, r, r, -r, r}, within(1e-15));
  }

  @Test
  void translatedAndScaledPoseHasTheSameShapeAndSimilarityOne() {
    double[] pose = {3, 1, .9, 5, 7, .2, -4, 2, .5, 0, 0, .1};
    double[] moved = new double[pose.length];
    for (int i = 0; i < 4; i++) {
      moved[3 * i] = 2.5 * pose[3 * i] + 100;
      moved[3 * i + 1] = 2.5 * pose[3 * i + 1] - 40;
      moved[3 * i + 2] = 0.3;
    }
    assertThat(PoseShape.normalize(moved)).containsExactly(PoseShape.normalize(pose), within(1e-12));
    assertThat(PoseShape.similarity(pose, moved)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void mirroredAboutTheCentroidIsMinusOne() {
    double[] pose = {3, 1, 1, 5, 7, 1, -4, 2, 1};
    double[] rotated = {-3, -1, 1, -5, -7, 1, 4, -2, 1};
    assertThat(PoseShape.similarity(pose, rotated)).isCloseTo(-1.0, within(1e-12));
  }

  @Test
  void quarterTurnOfASegmentIsOrthogonal() {
    double[] horizontal = {0, 0, 1, 4, 0, 1};
    double[] vertical = {0, 0, 1, 0, 4, 1};
    assertThat(PoseShape.similarity(horizontal, vertical)).isCloseTo(0.0, within(1e-15));
  }

  @Test
  void collapsedPoseHasNoShape() {
    double[] point = {5, 5, 1, 5, 5, 1};
    assertThat(PoseShape.normalize(point)).isNull();
    assertThat(PoseShape.similarity(point, new double[] {0, 0, 1, 1, 1, 1})).isNaN();
  }
}

package posespark.models.keypoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OksNmsTest {

  private static float[] pose(float dx, float score) {
    float[] kp = new float[51];
    for (int k = 0; k < 17; k++) {
      kp[3 * k] = 100 + 5 * k + dx;
      kp[3 * k + 1] = 200 + 7 * k;
      kp[3 * k + 2] = score;
    }
    return kp;
  }

  @Test
  void nearDuplicateIsSuppressedDistinctPoseKept() {
    List<float[]> poses = List.of(pose(0, 0.9f), pose(1, 0.8f), pose(200, 0.7f));
    List<Integer> kept = new OksNms(0.9).keep(poses, new double[] {0.5, 0.9, 0.7},
        new double[] {10000, 10000, 10000});
    // Pose 1 scores highest and suppresses its 1-px twin, pose 0.
    assertThat(kept).containsExactly(1, 2);
  }

  @Test
  void similarityUsesTheMeanAreaLikeHrnet() {
    OksNms nms = new OksNms(0.9);
    float[] a = pose(0, 1);
    float[] b = pose(3, 1);
    double[] sigmas = CocoKeypoints.sigmas();
    double expected = 0;
    double area = (10000 + 6000) / 2.0;
    for (int k = 0; k < 17; k++) {
      double var = (2 * sigmas[k]) * (2 * sigmas[k]);
      expected += Math.exp(-9 / var / (area + Oks.EPS) / 2);
    }
    assertThat(nms.similarity(a, 10000, b, 6000)).isCloseTo(expected / 17, within(1e-12));
  }

  @Test
  void visibilityThresholdRequiresBothPosesConfident() {
    float[] a = pose(0, 0.9f);
    float[] b = pose(0, 0.9f);
    for (int k = 0; k < 16; k++) {
      a[3 * k + 2] = 0.1f; // a confident only on the last keypoint
    }
    b[3 * 16] += 300;      // ... where b is far away; elsewhere they coincide
    // Only keypoint 16 counts: OKS ~0, nothing suppressed (an 'and' that kept only b's condition
    // would count the 16 coinciding keypoints and suppress).
    assertThat(new OksNms(0.9, 0.2).similarity(a, 10000, b, 10000)).isLessThan(0.01);
    assertThat(new OksNms(0.9, 0.2).keep(List.of(a, b), new double[] {1, 0.5},
        new double[] {10000, 10000})).containsExactly(0, 1);
  }

  @Test
  void nothingConfidentNeverSuppresses() {
    float[] a = pose(0, 0.1f);
    assertThat(new OksNms(0.9, 0.2).similarity(a, 10000, a.clone(), 10000)).isEqualTo(0);
  }
}

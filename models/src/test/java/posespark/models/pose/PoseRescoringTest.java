package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PoseRescoringTest {

  private final float[] keypoints = {0, 0, 0.9f, 0, 0, 0.1f, 0, 0, 0.5f};

  @Test
  void defaultMultipliesBoxScoreByMeanOfAllKeypoints() {
    assertThat(PoseRescoring.allKeypoints().score(0.8, keypoints))
        .isCloseTo(0.8 * (0.9 + 0.1 + 0.5) / 3, within(1e-6));
  }

  @Test
  void hrnetVariantAveragesOnlyConfidentKeypoints() {
    assertThat(PoseRescoring.aboveThreshold(0.2).score(0.8, keypoints))
        .isCloseTo(0.8 * (0.9 + 0.5) / 2, within(1e-6));
    assertThat(PoseRescoring.aboveThreshold(0.95).score(0.8, keypoints)).isEqualTo(0);
  }
}

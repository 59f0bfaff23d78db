package posespark.models.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;

class PoseGuidedCropTest {

  private static final Box INPUT = new Box(0, 0, 400, 400, 0.8);

  /** 17 keypoints; the first {@code confident} get score 0.9 and span x 100–160, y 50–250. */
  private static float[] pose(int confident) {
    float[] kp = new float[51];
    for (int k = 0; k < 17; k++) {
      boolean sure = k < confident;
      kp[3 * k] = sure ? 100 + (k % 4) * 20 : 390;
      kp[3 * k + 1] = sure ? 50 + k * (200f / Math.max(1, confident - 1)) : 5;
      kp[3 * k + 2] = sure ? 0.9f : 0.1f;
    }
    return kp;
  }

  @Test
  void keypointBoxSpansOnlyTheConfidentJoints() {
    Box b = new PoseGuidedCrop(0.3, 4, 1.5, 1.25).keypointBox(pose(9));
    assertThat(b.x()).isEqualTo(100);
    assertThat(b.y()).isEqualTo(50);
    assertThat(b.w()).isEqualTo(60);
    assertThat(b.h()).isCloseTo(200, within(1e-3));
  }

  @Test
  void windowIsTheKeypointBoxGrownToTheAspectThenScaled() {
    CropWindow w = new PoseGuidedCrop(0.3, 4, 1.5, 1.25).window(pose(9), INPUT, 1.0);
    assertThat(w.centerX()).isCloseTo(130, within(1e-3));
    assertThat(w.centerY()).isCloseTo(150, within(1e-3));
    // 60 × 200 box → square 200 → × 1.5
    assertThat(w.width()).isCloseTo(300, within(1e-3));
    assertThat(w.height()).isCloseTo(300, within(1e-3));
  }

  @Test
  void tooFewConfidentJointsFallBackToTheInputBox() {
    PoseGuidedCrop crop = new PoseGuidedCrop(0.3, 4, 1.5, 1.25);
    assertThat(crop.keypointBox(pose(3))).isNull();
    CropWindow w = crop.window(pose(3), INPUT, 1.0);
    assertThat(w.centerX()).isEqualTo(200);
    assertThat(w.centerY()).isEqualTo(200);
    assertThat(w.width()).isEqualTo(500);
  }

  @Test
  void unionGrowsTheInputBoxByJointsOutsideItAndNeverShrinksIt() {
    Box input = new Box(110, 100, 40, 100, 0.8);
    // joints span x 100–160, y 50–250: the union is x 100–160, y 50–250
    CropWindow w = new PoseGuidedCrop(0.3, 4, 1.25, 1.25, true).window(pose(9), input, 1.0);
    assertThat(w.centerX()).isCloseTo(130, within(1e-3));
    assertThat(w.centerY()).isCloseTo(150, within(1e-3));
    assertThat(w.height()).isCloseTo(250, within(1e-3));
    Box big = new Box(0, 0, 400, 400, 0.8);
    CropWindow kept = new PoseGuidedCrop(0.3, 4, 1.25, 1.25, true).window(pose(9), big, 1.0);
    assertThat(kept.width()).as("a few joints inside the box leave it as it is").isEqualTo(500);
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new PoseGuidedCrop(0.3, 1, 1.5, 1.25)).hasMessageContaining("2 joints");
    assertThatThrownBy(() -> new PoseGuidedCrop(0.3, 4, 0, 1.25)).hasMessageContaining("positive");
  }
}

package posespark.models.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.geometry.Box;
import posespark.models.geometry.CropWindow;
import posespark.models.image.DecodedImage;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PoseRefiner;
import posespark.models.runtime.UnsafeGraphException;

/** The learned-refiner slot with a generated SavedModel that blurs the input pose heatmaps. */
class LearnedRefinerTest {

  @TempDir
  Path tmp;

  /** A pose of 17 distinct confident joints inside a 200 × 300 box at (100, 50). */
  static PersonPose pose() {
    float[] k = new float[51];
    for (int j = 0; j < 17; j++) {
      k[3 * j] = 120 + (j % 5) * 40;
      k[3 * j + 1] = 60 + j * 16;
      k[3 * j + 2] = j == 3 ? 0.4f : 0.9f;
    }
    return new PersonPose(new Box(100, 50, 200, 300, 0.8), 0.5, k);
  }

  @Test
  void aRefinerCardLoadsAndReturnsTheInputPoseWithBlurredScores() throws Exception {
    LearnedRefiner refiner = LearnedRefiner.load(BlurRefinerModel.write(tmp.resolve("blur"), "refiner", false), null);
    DecodedImage image = new DecodedImage(400, 400, new byte[400 * 400 * 3]);
    PersonPose in = pose();
    List<float[]> out = refiner.refine(List.of(new PoseRefiner.Target(image, in), new PoseRefiner.Target(image, in)));
    assertThat(out).hasSize(2);
    CropWindow window = RefineSettings.defaults().crop().window(in.keypoints(), in.box(), 1.0);
    double cell = window.width() / BlurRefinerModel.SIZE;
    float[] k = out.get(0);
    for (int j = 0; j < 17; j++) {
      assertThat((double) k[3 * j]).as("x of joint " + j).isCloseTo(in.keypoints()[3 * j], within(0.75 * cell));
      assertThat((double) k[3 * j + 1]).as("y of joint " + j).isCloseTo(in.keypoints()[3 * j + 1], within(0.75 * cell));
      // A 3×3 average of a σ = 2 px Gaussian of height s peaks at about 0.75–0.85 s (by where the joint falls in its pixel).
      assertThat(k[3 * j + 2]).as("blurred score of joint " + j)
          .isCloseTo(0.82f * in.keypoints()[3 * j + 2], within(0.08f));
    }
    assertThat(out.get(1)).containsExactly(k);
  }

  @Test
  void aModelWhoseCardIsNotARefinerIsRefused() throws Exception {
    Path dir = BlurRefinerModel.write(tmp.resolve("pose"), "pose", false);
    assertThatThrownBy(() -> LearnedRefiner.load(dir, null)).hasMessageContaining("not a refiner model (card kind 'pose')");
  }

  @Test
  void aRefinerWithAnOpOutsideTheAllowlistIsRefusedBeforeItRuns() throws Exception {
    Path dir = BlurRefinerModel.write(tmp.resolve("unsafe"), "refiner", true);
    assertThatThrownBy(() -> LearnedRefiner.load(dir, null)).isInstanceOf(UnsafeGraphException.class)
        .hasMessageContaining("ReadFile");
  }
}

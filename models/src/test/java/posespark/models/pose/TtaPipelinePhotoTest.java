package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.samples.SamplePhotos;

/**
 * The real pipeline with test-time augmentation (scaled and turned crops, each with its flip) on
 * scikit-image's astronaut photo, next to the same pipeline without: on a clear, upright person
 * the views agree with the plain crop, so the pose moves by a few pixels at most, yet it moves.
 */
class TtaPipelinePhotoTest {

  private static final int NOSE = CocoKeypoints.indexOf("nose");
  private static final Box BOX = new Box(20, 10, 350, 500, 0.9);

  private static DecodedImage astronaut;

  @BeforeAll
  static void setUp() throws Exception {
    astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
  }

  private static float[] pose(PipelineConfig config) {
    ImagePoses result = PosePipelines.create(config, false)
        .annotate(List.of(new PoseRequest(1, astronaut, List.of(BOX)))).get(0);
    assertThat(result.error()).isNull();
    assertThat(result.persons()).hasSize(1);
    return result.persons().get(0).keypoints();
  }

  @Test
  void augmentedViewsMoveTheKeypointsOnlySlightlyOnAClearPerson() {
    PipelineConfig plainConfig = PipelineConfig.defaults();
    PipelineConfig ttaConfig = plainConfig.withTta(
        TtaOptions.views(TtaOptions.split("0.9,1,1.15"), TtaOptions.split("-10,10")));
    float[] plain = pose(plainConfig);
    float[] tta = pose(ttaConfig);
    assertThat(tta[3 * NOSE]).as("nose x").isBetween(190f, 255f);
    assertThat(tta[3 * NOSE + 1]).as("nose y").isBetween(95f, 160f);
    double largest = 0;
    int compared = 0;
    for (int k = 0; k < CocoKeypoints.COUNT; k++) {
      if (plain[3 * k + 2] >= 0.3 && tta[3 * k + 2] >= 0.3) {
        largest = Math.max(largest, Math.hypot(plain[3 * k] - tta[3 * k], plain[3 * k + 1] - tta[3 * k + 1]));
        compared++;
      }
    }
    assertThat(compared).as("confident keypoints in both").isGreaterThanOrEqualTo(8);
    // The crop is ~550 px, 8.6 px per heatmap cell: the views may move a keypoint by a cell or so.
    assertThat(largest).as("largest move of a confident keypoint, px").isGreaterThan(0.05).isLessThan(15);
  }
}

package posespark.models.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.batching.BatchingOptions;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.geometry.Box;
import posespark.models.image.DecodedImage;
import posespark.models.pose.ImagePoses;
import posespark.models.pose.PersonPose;
import posespark.models.pose.PipelineConfig;
import posespark.models.pose.PosePipelines;
import posespark.models.pose.PoseRequest;
import posespark.models.samples.SamplePhotos;

/**
 * The refinement stage inside the real pipeline (zoo ensemble) on scikit-image's astronaut photo,
 * one person in a given box: the training-free refiner moves joints by a plausible amount and keeps
 * them on the person; a learned refiner (generated blur model) is what the pipeline runs when
 * configured.
 */
class RefinedPipelinePhotoTest {

  private static final Box PERSON = new Box(20, 10, 350, 500, 0.9);

  @TempDir
  static Path tmp;
  static DecodedImage astronaut;
  static PersonPose firstPass;

  @BeforeAll
  static void firstPass() throws Exception {
    astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
    firstPass = only(PosePipelines.create(PipelineConfig.defaults(), false)
        .annotate(List.of(new PoseRequest(1, astronaut, List.of(PERSON)))).get(0));
  }

  private static PersonPose only(ImagePoses result) {
    assertThat(result.error()).isNull();
    assertThat(result.persons()).hasSize(1);
    return result.persons().get(0);
  }

  @Test
  void ensembleRefinementMovesJointsAFewPixelsAndKeepsThemOnThePerson() {
    // The keypoint-box re-crop (× 1.75, averaged) looks at a different crop than the first pass.
    RefineSettings recrop = new RefineSettings(new PoseGuidedCrop(0.3, 4, 1.75, 1.25), JointFusion.AVERAGE, 4, null);
    ImagePoses result = PosePipelines.create(PipelineConfig.defaults().withRefine(true), false, null, recrop,
        BatchingOptions.OFF)
        .annotate(List.of(new PoseRequest(1, astronaut, List.of(PERSON)))).get(0);
    PersonPose refined = only(result);
    assertThat(result.timingsMs()).containsKeys("pose", "refine");
    float[] a = firstPass.keypoints();
    float[] b = refined.keypoints();
    double moved = 0;
    int confident = 0;
    for (int k = 0; k < 17; k++) {
      if (a[3 * k + 2] < 0.3) {
        continue;
      }
      confident++;
      double d = Math.hypot(a[3 * k] - b[3 * k], a[3 * k + 1] - b[3 * k + 1]);
      moved += d;
      assertThat(d).as("joint %d moves less than 8%% of the person's height", k).isLessThan(0.08 * PERSON.h());
      assertThat((double) b[3 * k]).as("x of joint " + k).isBetween(PERSON.x(), PERSON.x() + PERSON.w());
      assertThat((double) b[3 * k + 1]).as("y of joint " + k).isBetween(PERSON.y(), PERSON.y() + PERSON.h());
    }
    assertThat(confident).as("confident joints of the astronaut").isGreaterThanOrEqualTo(8);
    assertThat(moved / confident).as("mean movement, px").isBetween(0.2, 15.0);
  }

  @Test
  void givenPosesAreRefinedWithoutAFirstPassAndNeedARefiner() {
    PoseRequest given = PoseRequest.refining(3, astronaut, List.of(firstPass));
    ImagePoses refined = PosePipelines.create(PipelineConfig.defaults().withRefine(true), false)
        .annotate(List.of(given)).get(0);
    assertThat(only(refined).box()).isEqualTo(PERSON);
    assertThat(refined.timingsMs()).containsKey("refine").doesNotContainKeys("pose", "detect");
    float[] a = firstPass.keypoints();
    float[] b = refined.persons().get(0).keypoints();
    for (int k = 0; k < 17; k++) {
      if (a[3 * k + 2] >= 0.3) { // the photo ends at the waist: hips and legs are guesses
        assertThat(Math.hypot(a[3 * k] - b[3 * k], a[3 * k + 1] - b[3 * k + 1]))
            .as("confident joint %d stays near the given pose", k).isLessThan(0.08 * PERSON.h());
      }
    }
    ImagePoses refused = PosePipelines.create(PipelineConfig.defaults(), false).annotate(List.of(given)).get(0);
    assertThat(refused.error()).isEqualTo("input poses given but no refiner configured");
  }

  @Test
  void aConfiguredLearnedRefinerIsWhatThePipelineRuns() throws Exception {
    Path model = BlurRefinerModel.write(tmp.resolve("blur"), LearnedRefiner.KIND, false);
    PersonPose refined = only(PosePipelines.create(PipelineConfig.defaults().withRefine(true), false, null,
        RefineSettings.defaults().withModel(model), BatchingOptions.OFF)
        .annotate(List.of(new PoseRequest(1, astronaut, List.of(PERSON)))).get(0));
    float[] a = firstPass.keypoints();
    float[] b = refined.keypoints();
    double cell = RefineSettings.defaults().crop().window(a, PERSON, 1.0).width() / BlurRefinerModel.SIZE;
    for (int k = 0; k < 17; k++) {
      assertThat((double) b[3 * k]).as("x of joint " + k).isCloseTo(a[3 * k], within(0.75 * cell));
      assertThat((double) b[3 * k + 1]).as("y of joint " + k).isCloseTo(a[3 * k + 1], within(0.75 * cell));
      assertThat(b[3 * k + 2]).as("score of joint " + k + ": the blur model's")
          .isCloseTo(0.82f * Math.min(1f, a[3 * k + 2]), within(0.08f));
    }
  }
}

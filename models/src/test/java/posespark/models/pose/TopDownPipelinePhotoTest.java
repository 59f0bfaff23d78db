package posespark.models.pose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.geometry.Box;
import posespark.models.heatmap.HeatmapStats;
import posespark.models.ensemble.ImageFixtures;
import posespark.models.image.DecodedImage;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.samples.SamplePhotos;
import posespark.models.scoring.PoseScoringModel;

/**
 * The real pipeline (zoo models, detector, default ensemble) on scikit-image's astronaut photo: a
 * single person whose face spans about x 180–270, y 60–185 (checked by eye on the 512×512 image).
 */
class TopDownPipelinePhotoTest {

  private static final int NOSE = CocoKeypoints.indexOf("nose");
  private static final int LEFT_SHOULDER = CocoKeypoints.indexOf("left_shoulder");
  private static final int RIGHT_SHOULDER = CocoKeypoints.indexOf("right_shoulder");

  /** The measured confidence threshold of the committed scoring model. */
  private static final double MIN_POSE_SCORE = PoseScoringModel.committed().minPoseScore();

  private static DecodedImage astronaut;
  private static PosePipeline pipeline;

  @BeforeAll
  static void setUp() throws Exception {
    astronaut = ImageFixtures.read(SamplePhotos.get(SamplePhotos.ASTRONAUT));
    pipeline = PosePipelines.create(PipelineConfig.defaults(), true);
  }

  @Test
  void detectorPathFindsOnePersonWithTheNoseOnTheFace() {
    ImagePoses result = pipeline.annotate(List.of(new PoseRequest(7, astronaut, null))).get(0);
    assertThat(result.error()).isNull();
    assertThat(result.imageId()).isEqualTo(7);
    List<PersonPose> confident = result.persons().stream().filter(p -> p.poseScore() >= MIN_POSE_SCORE).toList();
    assertThat(confident).as("confident persons").hasSize(1);
    float[] kp = confident.get(0).keypoints();
    assertThat(kp[3 * NOSE]).as("nose x").isBetween(180f, 270f);
    assertThat(kp[3 * NOSE + 1]).as("nose y").isBetween(80f, 175f);
    assertThat(kp[3 * LEFT_SHOULDER + 1]).as("left shoulder below the nose").isGreaterThan(kp[3 * NOSE + 1] + 40);
    assertThat(kp[3 * RIGHT_SHOULDER + 1]).as("right shoulder below the nose").isGreaterThan(kp[3 * NOSE + 1] + 40);
    // The person's left shoulder appears on the image's right.
    assertThat(kp[3 * LEFT_SHOULDER]).isGreaterThan(kp[3 * RIGHT_SHOULDER]);
    assertThat(result.timingsMs()).containsKeys("detect", "pose", "decode");
  }

  @Test
  void nanoDetAsTheConfiguredDetectorFindsTheSamePerson() {
    PipelineConfig defaults = PipelineConfig.defaults();
    PosePipeline withNanoDet = PosePipelines.create(
        defaults.withDetector("nanodet", defaults.boxFilter()), true);
    ImagePoses result = withNanoDet.annotate(List.of(new PoseRequest(8, astronaut, null))).get(0);
    assertThat(result.error()).isNull();
    List<PersonPose> confident = result.persons().stream().filter(p -> p.poseScore() >= MIN_POSE_SCORE).toList();
    assertThat(confident).as("confident persons").hasSize(1);
    float[] kp = confident.get(0).keypoints();
    assertThat(kp[3 * NOSE]).as("nose x").isBetween(180f, 270f);
    assertThat(kp[3 * NOSE + 1]).as("nose y").isBetween(80f, 175f);
  }

  @Test
  void givenBoxesAreUsedAsIsAndBadRequestsFailAlone() {
    Box box = new Box(20, 10, 350, 500, 0.9);
    List<ImagePoses> results = pipeline.annotate(List.of(
        new PoseRequest(1, astronaut, List.of(box)),
        new PoseRequest(2, astronaut, List.of())));
    assertThat(results).hasSize(2);
    assertThat(results.get(0).persons()).hasSize(1);
    PersonPose pose = results.get(0).persons().get(0);
    assertThat(pose.box()).isEqualTo(box);
    assertThat(pose.poseScore()).as("estimated OKS of a clear pose").isGreaterThanOrEqualTo(MIN_POSE_SCORE)
        .isLessThanOrEqualTo(1.0);
    assertThat(pose.keypoints()[3 * NOSE]).isBetween(180f, 270f);
    // The decoder's heatmap statistics travel with the pose: consistent with its keypoint scores,
    // and the clear nose is one sharp peak the members agree on.
    float[] stats = pose.heatmapStats();
    assertThat(stats).hasSize(17 * HeatmapStats.PER_JOINT);
    for (int k = 0; k < 17; k++) {
      float peak = stats[HeatmapStats.index(k, "peak")];
      float score = pose.keypoints()[3 * k + 2];
      assertThat(peak).as("peak of joint %d", k).isGreaterThanOrEqualTo(score);
      assertThat(stats[HeatmapStats.index(k, "prior_ratio")]).isCloseTo(score / peak, within(1e-5f));
      assertThat(stats[HeatmapStats.index(k, "second_peak_ratio")]).isBetween(0f, 1f);
      assertThat(stats[HeatmapStats.index(k, "member_spread")]).isBetween(0f, 1.5f);
      assertThat(stats[HeatmapStats.index(k, "flip_spread")]).isBetween(0f, 1.5f);
    }
    assertThat(stats[HeatmapStats.index(NOSE, "second_peak_ratio")]).isLessThan(0.5f);
    assertThat(stats[HeatmapStats.index(NOSE, "member_spread")]).isLessThan(0.05f);
    assertThat(stats[HeatmapStats.index(NOSE, "flip_spread")]).isLessThan(0.05f);
    assertThat(results.get(1).ok()).isTrue();
    assertThat(results.get(1).persons()).isEmpty();
  }
}

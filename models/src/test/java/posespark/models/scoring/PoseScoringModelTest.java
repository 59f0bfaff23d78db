package posespark.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.models.geometry.Box;
import posespark.models.heatmap.HeatmapStats;

/**
 * The committed scoring model (conf/scoring/pose-scoring.json, written by
 * submit/lib/fit-pose-scoring.sh) loads from the classpath and behaves as docs/scoring.md says:
 * a clear person scores above the measured threshold, a faint non-person below it, a second pose of
 * the same person no higher than alone, and scores rise with keypoint confidence.
 */
class PoseScoringModelTest {

  @TempDir
  Path tmp;

  private static float[] standing(double x, double y, double w, double h, float score) {
    float[] k = new float[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = (float) (x + w * (0.2 + 0.6 * (i % 2)));
      k[3 * i + 1] = (float) (y + h * (0.05 + 0.9 * i / 16.0));
      k[3 * i + 2] = score;
    }
    return k;
  }

  @Test
  void committedModelSeparatesAPersonFromAFaintCandidate() {
    PoseScoringModel model = PoseScoringModel.committed();
    assertThat(PoseFeatures.NAMES).containsAll(model.features());
    assertThat(model.provenance()).containsEntry("made_by", "submit/lib/fit-pose-scoring.sh");
    double threshold = model.minPoseScore();
    assertThat(threshold).isStrictlyBetween(0.0, 1.0);

    Box person = new Box(100, 50, 80, 200, 0.85);
    Box duplicate = new Box(102, 52, 80, 200, 0.6);
    Box lampPost = new Box(400, 20, 30, 200, 0.15);
    List<Box> boxes = List.of(person, duplicate, lampPost);
    List<float[]> kps = List.of(standing(100, 50, 80, 200, 0.8f), standing(101, 51, 80, 200, 0.7f),
        standing(400, 20, 30, 200, 0.05f));
    double[] s = new CalibratedPoseScorer(model).score(boxes, kps, 640, 480);
    assertThat(s[0]).as("clear person").isGreaterThanOrEqualTo(threshold);
    assertThat(s[2]).as("faint candidate (lamp post)").isLessThan(threshold);
    double duplicateAlone = new CalibratedPoseScorer(model).score(List.of(duplicate), List.of(kps.get(1)),
        640, 480)[0];
    assertThat(s[1]).as("a second pose of the same person never gains from the first")
        .isLessThanOrEqualTo(duplicateAlone);
    for (double v : s) {
      assertThat(v).isBetween(0.0, 1.0);
    }

    double previous = 0;
    for (float k : new float[] {0.1f, 0.3f, 0.5f, 0.7f, 0.9f}) {
      double alone = new CalibratedPoseScorer(model).score(List.of(person),
          List.of(standing(100, 50, 80, 200, k)), 640, 480)[0];
      assertThat(alone).as("keypoint score %s", k).isGreaterThan(previous);
      previous = alone;
    }
  }

  @Test
  void writeThenReadGivesTheSameModel() throws Exception {
    PoseScoringModel model = PoseScoringModel.committed();
    Path file = tmp.resolve("m.json");
    model.withMinPoseScore(0.42).withProvenance(Map.of("data", "x")).write(file);
    PoseScoringModel back = PoseScoringModel.read(file);
    assertThat(back.weights()).containsExactly(model.weights(), within(0.0));
    assertThat(back.mean()).containsExactly(model.mean(), within(0.0));
    assertThat(back.scale()).containsExactly(model.scale(), within(0.0));
    assertThat(back.bias()).isEqualTo(model.bias());
    assertThat(back.minPoseScore()).isEqualTo(0.42);
    assertThat(back.provenance()).isEqualTo(Map.of("data", "x"));
  }

  @Test
  void heatmapFeaturesAverageTheJointsAndAMissingOneCountsAsTheFittingMean() {
    float[] stats = new float[17 * HeatmapStats.PER_JOINT];
    for (int j = 0; j < 17; j++) {
      stats[HeatmapStats.index(j, "peak")] = j / 16f; // mean 0.5
      stats[HeatmapStats.index(j, "second_peak_ratio")] = j < 4 ? 0.85f : 0f; // mean 0.2
      stats[HeatmapStats.index(j, "prior_ratio")] = 1f;
      stats[HeatmapStats.index(j, "member_spread")] = j == 0 ? 1.7f : 0f; // mean 0.1
      stats[HeatmapStats.index(j, "flip_spread")] = 0.05f;
    }
    Box box = new Box(100, 50, 80, 200, 0.85);
    float[] kp = standing(100, 50, 80, 200, 0.7f);
    PoseFeatures features = new PoseFeatures();
    double[] with = features.of(List.of(box), List.of(kp), List.of(stats), 640, 480)[0];
    double[] expected = {0.5, 0.2, 1.0, 0.1, 0.05};
    for (int s = 0; s < expected.length; s++) {
      assertThat(with[PoseFeatures.NAMES.indexOf(PoseFeatures.HEATMAP.get(s))]).as(PoseFeatures.HEATMAP.get(s))
          .isCloseTo(expected[s], within(1e-6));
    }
    double[] without = features.of(List.of(box), List.of(kp), List.of(new float[0]), 640, 480)[0];
    assertThat(without[PoseFeatures.NAMES.indexOf("heatmap_peak")]).isNaN();
    assertThat(without[PoseFeatures.NAMES.indexOf("log_legacy_score")])
        .isEqualTo(with[PoseFeatures.NAMES.indexOf("log_legacy_score")]);

    PoseScoringModel model = new PoseScoringModel(List.of("log_legacy_score", "heatmap_second_peak_ratio"),
        new double[] {-3, 0.2}, new double[] {1.5, 0.1}, new double[] {2.5, -1.0}, -1, 0.3, Map.of());
    // The statistics sit at their fitting mean here, so a pose without them scores the same.
    assertThat(model.score(without)).isCloseTo(model.score(with), within(1e-7));
    with[PoseFeatures.NAMES.indexOf("heatmap_second_peak_ratio")] = 0.6; // a rival peak: lower
    assertThat(model.score(with)).isLessThan(model.score(without));
    assertThat(new CalibratedPoseScorer(model).score(List.of(box), List.of(kp), List.of(stats), 640, 480)[0])
        .isCloseTo(model.score(without), within(1e-7));
  }
}

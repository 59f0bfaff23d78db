package posespark.models.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoGroundTruth;
import posespark.eval.coco.IouType;

/**
 * Fitting targets from a small COCO fixture: a pose on a person gets its OKS, a second pose of the
 * same person 0, a pose on nobody 0, a pose on a crowd region is left out; per-image counts and the
 * threshold scan follow.
 */
class ScoringTargetsTest {

  @TempDir
  Path tmp;

  /** A standing person in box (x, y, 40, 100): keypoints spread over the box, all labelled. */
  private static double[] person(double x, double y) {
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = x + 5 + 15 * (i % 3);
      k[3 * i + 1] = y + 5 + 5.5 * i; // on a 0.5 px grid: exact in JSON and float
      k[3 * i + 2] = 2;
    }
    return k;
  }

  private static float[] pose(double[] gt, double dx, float score) {
    float[] p = new float[51];
    for (int i = 0; i < 17; i++) {
      p[3 * i] = (float) (gt[3 * i] + dx);
      p[3 * i + 1] = (float) gt[3 * i + 1];
      p[3 * i + 2] = score;
    }
    return p;
  }

  private static String json(double[] k) {
    List<String> parts = new ArrayList<>();
    for (double v : k) {
      parts.add(String.format(Locale.ROOT, "%.1f", v));
    }
    return "[" + String.join(",", parts) + "]";
  }

  @Test
  void targetsCountsAndThreshold() throws Exception {
    double[] a = person(10, 10);
    double[] b = person(100, 10);
    Path gtFile = tmp.resolve("gt.json");
    Files.writeString(gtFile, """
        {"images": [{"id": 2, "file_name": "2.jpg", "width": 200, "height": 150},
                    {"id": 3, "file_name": "3.jpg", "width": 200, "height": 150}],
         "annotations": [
           {"id": 1, "image_id": 2, "category_id": 1, "iscrowd": 0, "area": 3000, "bbox": [10, 10, 40, 100],
            "num_keypoints": 17, "keypoints": %s},
           {"id": 2, "image_id": 2, "category_id": 1, "iscrowd": 0, "area": 3000, "bbox": [100, 10, 40, 100],
            "num_keypoints": 17, "keypoints": %s},
           {"id": 3, "image_id": 2, "category_id": 1, "iscrowd": 1, "area": 2000, "bbox": [150, 40, 40, 100],
            "num_keypoints": 0, "keypoints": %s}],
         "categories": [{"id": 1, "name": "person"}]}
        """.formatted(json(a), json(b), json(new double[51])));
    CocoGroundTruth gt = CocoGroundTruth.read(gtFile, IouType.KEYPOINTS, 17);
    List<CandidateTable.Candidate> c = List.of(
        new CandidateTable.Candidate("detector", 2, 200, 150, 10, 10, 40, 100, 0.9, pose(a, 0, 0.8f)),
        new CandidateTable.Candidate("detector", 2, 200, 150, 11, 10, 40, 100, 0.5, pose(a, 1, 0.6f)),
        new CandidateTable.Candidate("detector", 2, 200, 150, 100, 10, 40, 100, 0.8, pose(b, 2, 0.7f)),
        new CandidateTable.Candidate("detector", 2, 200, 150, 150, 40, 40, 100, 0.3, pose(person(150, 40), 0, 0.2f)),
        new CandidateTable.Candidate("detector", 2, 200, 150, 60, 120, 30, 30, 0.2, pose(person(60, 120), 0, 0.1f)));
    List<ScoredImage> images = new ScoringTargets().build(c, gt);
    assertThat(images).extracting(ScoredImage::imageId).containsExactly(2L, 3L);
    ScoredImage im = images.get(0);
    assertThat(im.persons()).as("non-crowd annotations").isEqualTo(2);
    assertThat(im.target()[0]).as("exact pose").isCloseTo(1.0, within(1e-9));
    assertThat(im.target()[1]).as("second pose of the same person").isZero();
    assertThat(im.known()[1]).isTrue();
    // OKS of a 2 px shift: mean over keypoints of exp(-4 / (2 · area · (2σ)²)).
    double expected = 0;
    double[] sigmas = {.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};
    for (double s : sigmas) {
      double v = 2 * (s / 10);
      expected += Math.exp(-4.0 / (v * v) / 3000 / 2) / 17;
    }
    assertThat(im.target()[2]).as("shifted pose of the second person").isCloseTo(expected, within(1e-9));
    assertThat(im.known()[3]).as("pose on a crowd region: OKS unknown").isFalse();
    assertThat(im.target()[4]).as("pose on nobody").isZero();
    assertThat(im.known()[4]).isTrue();
    assertThat(im.features()[1][PoseFeatures.NAMES.indexOf("overlap_with_better")])
        .as("the duplicate repeats a better-ranked pose").isGreaterThan(0.9);
    assertThat(images.get(1).boxes()).as("image without candidates").isEmpty();
    assertThat(images.get(1).persons()).isZero();

    // Scores: the legacy product ranks the two true poses first.
    ScoringEvaluation eval = new ScoringEvaluation(images, ScoredImage::legacy);
    assertThat(eval.counts(0)).containsExactly(4, 0); // OKS-NMS 0.9 drops the duplicate (OKS > 0.9)
    assertThat(eval.counts(0.5)).containsExactly(2, 0);
    assertThat(eval.countMae(0.5)).isZero();
    assertThat(eval.countMae(0)).isEqualTo(1.0); // (|4 − 2| + 0) / 2
    // Counting the two true poses needs a threshold above the crowd pose's 0.06: the lowest on the
    // 0.005 grid is 0.065.
    assertThat(eval.bestThreshold()).isEqualTo(0.065);
    // AP: at every OKS threshold the exact pose matches; the shifted one only up to its OKS, above
    // which precision stays 1 up to recall 0.5 (51 of 101 recall points) and is 0 beyond.
    double ap = 0;
    for (int t = 0; t < 10; t++) {
      ap += (0.5 + 0.05 * t <= expected ? 1.0 : 51.0 / 101) / 10;
    }
    assertThat(eval.cocoStats(gt)[0]).isCloseTo(ap, within(1e-9));
  }
}

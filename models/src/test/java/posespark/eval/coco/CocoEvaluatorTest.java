package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-computed cases: each reproduces one rule of pycocotools' COCOeval. */
class CocoEvaluatorTest {

  /** pycocotools' precision of a single true positive: 1 / (1 + eps). */
  private static final double ONE = 1 / (1 + Math.ulp(1.0));

  @TempDir
  Path dir;

  private double[] evaluate(IouType type, CocoFiles files) {
    return new CocoEvaluator(EvalParams.of(type)).evaluate(files.writeGt(dir), files.writeResults(dir)).stats();
  }

  @Test
  void halfThePersonsFoundGivesPrecisionOneUpToRecallHalf() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300).person(1, 300, 10, 200, 300)
        .keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.9);
    double[] s = evaluate(IouType.KEYPOINTS, f);
    // Recall reaches 0.5 after the one detection: 51 of the 101 recall levels (0 .. 0.50) get 1/(1+eps).
    double ap = 51 * ONE / 101;
    assertThat(s[0]).as("AP").isCloseTo(ap, within(1e-15));
    assertThat(s[1]).as("AP50").isCloseTo(ap, within(1e-15));
    assertThat(s[3]).as("AP medium: no medium person").isEqualTo(-1);
    assertThat(s[4]).as("AP large").isCloseTo(ap, within(1e-15));
    assertThat(s[5]).as("AR").isEqualTo(0.5);
  }

  @Test
  void equalScoresKeepFileOrderMissFirst() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300)
        .keypointResult(1, CocoFiles.detected(kp, 400, 0), 0.8)
        .keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.8);
    // Miss then hit: precision 0 then 1/2 (the envelope lifts the first to 1/2).
    assertThat(evaluate(IouType.KEYPOINTS, f)[0]).isCloseTo(1 / (2 + Math.ulp(1.0)), within(1e-15));
  }

  @Test
  void equalScoresKeepFileOrderHitFirst() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300)
        .keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.8)
        .keypointResult(1, CocoFiles.detected(kp, 400, 0), 0.8);
    assertThat(evaluate(IouType.KEYPOINTS, f)[0]).isCloseTo(ONE, within(1e-15));
  }

  @Test
  void detectionsInsideACrowdRegionAreIgnored() {
    CocoFiles f = new CocoFiles().image(1)
        .gt(1, 1, new double[] {10, 10, 100, 100}, 10000, 0, null, 0)
        .gt(1, 1, new double[] {300, 10, 200, 200}, 40000, 1, null, 0)
        .boxResult(1, 1, new double[] {310, 20, 50, 50}, 0.95)
        .boxResult(1, 1, new double[] {10, 10, 100, 100}, 0.9)
        .boxResult(1, 1, new double[] {400, 100, 60, 60}, 0.7);
    double[] s = evaluate(IouType.BBOX, f);
    assertThat(s[0]).as("both crowd detections ignored, so AP is that of one hit").isCloseTo(ONE, within(1e-15));
    assertThat(s[8]).as("AR@100").isEqualTo(1.0);
  }

  @Test
  void personWithoutLabelledKeypointsIsIgnoredAndMatchedByDoubledBox() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    // A person with num_keypoints 0: ignored; the detection lies inside its doubled box (OKS 1), so
    // it matches the ignored person and is not a false positive.
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300)
        .gt(1, 1, new double[] {400, 10, 100, 200}, 20000, 0, new double[51], 0)
        .keypointResult(1, CocoFiles.detected(CocoFiles.personKeypoints(400, 10, 100, 200), 50, 0), 0.95)
        .keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.9);
    assertThat(evaluate(IouType.KEYPOINTS, f)[0]).isCloseTo(ONE, within(1e-15));
  }

  @Test
  void detectionsOnImagesWithoutGroundTruthAreFalsePositives() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).image(2).person(1, 10, 10, 200, 300)
        .keypointResult(2, CocoFiles.detected(kp, 0, 0), 0.9)
        .keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.5);
    assertThat(evaluate(IouType.KEYPOINTS, f)[0]).isCloseTo(1 / (2 + Math.ulp(1.0)), within(1e-15));
  }

  @Test
  void onlyTheTwentyBestDetectionsOfAnImageCount() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300);
    for (int i = 0; i < 20; i++) {
      f.keypointResult(1, CocoFiles.detected(kp, 300 + i, 0), 0.9 - i * 0.01);
    }
    f.keypointResult(1, CocoFiles.detected(kp, 0, 0), 0.1);
    double[] s = evaluate(IouType.KEYPOINTS, f);
    assertThat(s[0]).as("AP").isEqualTo(0.0);
    assertThat(s[5]).as("AR").isEqualTo(0.0);
  }

  @Test
  void keypointResultsWithoutBoxTakeTheirAreaFromTheKeypointExtent() {
    // A 10x10 false positive is "small": unmatched and outside [32^2, 96^2], it is ignored for medium.
    CocoFiles f = mediumPersonWithTinyFalsePositive(false);
    assertThat(evaluate(IouType.KEYPOINTS, f)[3]).as("AP medium").isCloseTo(ONE, within(1e-15));
  }

  @Test
  void keypointResultsWithBoxTakeTheirAreaFromTheBox() {
    // loadRes takes the bbox branch when the first result has one: area = w*h = 3000, medium.
    CocoFiles f = mediumPersonWithTinyFalsePositive(true);
    assertThat(evaluate(IouType.KEYPOINTS, f)[3]).as("AP medium").isCloseTo(1 / (2 + Math.ulp(1.0)), within(1e-15));
  }

  private static CocoFiles mediumPersonWithTinyFalsePositive(boolean withBox) {
    double[] tiny = CocoFiles.detected(CocoFiles.personKeypoints(400, 300, 10, 10), 0, 0);
    Map<String, Object> fp = new LinkedHashMap<>();
    fp.put("image_id", 1);
    fp.put("category_id", 1);
    if (withBox) {
      fp.put("bbox", new double[] {400, 300, 50, 60});
    }
    fp.put("keypoints", tiny);
    fp.put("score", 0.9);
    double[] kp = CocoFiles.personKeypoints(10, 10, 50, 60);
    Map<String, Object> hit = new LinkedHashMap<>();
    hit.put("image_id", 1);
    hit.put("category_id", 1);
    if (withBox) {
      hit.put("bbox", new double[] {10, 10, 50, 60});
    }
    hit.put("keypoints", CocoFiles.detected(kp, 0, 0));
    hit.put("score", 0.5);
    return new CocoFiles().image(1).person(1, 10, 10, 50, 60).rawResult(fp).rawResult(hit);
  }

  @Test
  void groundTruthWithIdZeroNeverCountsAsMatched() {
    // pycocotools records the matched id and tests it against 0: an annotation with id 0 is a miss.
    CocoFiles f = new CocoFiles().image(1);
    f.gt(1, 1, new double[] {10, 10, 100, 100}, 10000, 0, null, 0);
    f = withFirstId(f, 0).boxResult(1, 1, new double[] {10, 10, 100, 100}, 0.9);
    assertThat(evaluate(IouType.BBOX, f)[0]).isEqualTo(0.0);
  }

  private static CocoFiles withFirstId(CocoFiles files, long id) {
    files.setFirstAnnotationId(id);
    return files;
  }

  @Test
  void resultsOnAnImageOutsideTheGroundTruthAreAnError() {
    double[] kp = CocoFiles.personKeypoints(10, 10, 200, 300);
    CocoFiles f = new CocoFiles().image(1).person(1, 10, 10, 200, 300)
        .keypointResult(99, CocoFiles.detected(kp, 0, 0), 0.9);
    assertThatThrownBy(() -> evaluate(IouType.KEYPOINTS, f))
        .isInstanceOf(CocoFormatException.class)
        .hasMessageContaining("results.json")
        .hasMessageContaining("image_id 99");
  }

  @Test
  void resultsOfUnknownCategoriesAreDropped() {
    CocoFiles f = new CocoFiles().image(1)
        .gt(1, 1, new double[] {10, 10, 100, 100}, 10000, 0, null, 0)
        .boxResult(1, 7, new double[] {300, 300, 10, 10}, 0.99)
        .boxResult(1, 1, new double[] {10, 10, 100, 100}, 0.9);
    assertThat(evaluate(IouType.BBOX, f)[0]).isCloseTo(ONE, within(1e-15));
  }
}

package posespark.eval.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local evaluator reproduces the stats pycocotools gives for the shared evaluation vectors
 * (listed in the data folder's README) to 1e-12.
 */
@Tag("acceptance")
class EvalVectorsAcceptanceTest {

  static Path vectors() {
    String root = System.getProperty("posespark.shared.data");
    assertThat(root).as("system property posespark.shared.data (the shared data folder)").isNotNull();
    Path dir = Path.of(root, "eval-vectors");
    assertThat(Files.isDirectory(dir)).as("%s exists", dir).isTrue();
    return dir;
  }

  private static void check(IouType type, String gt, String dt, double... expected) {
    Path dir = vectors();
    CocoEvalResult r = new CocoEvaluator(EvalParams.of(type)).evaluate(dir.resolve(gt), dir.resolve(dt));
    double[] stats = r.stats();
    assertThat(stats).hasSize(expected.length);
    for (int i = 0; i < stats.length; i++) {
      assertThat(stats[i]).as("stats[%d] of %s", i, dt).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void keypoints139099MatchesPycocotools() {
    check(IouType.KEYPOINTS, "keypoints-139099/gt_dataset.json", "keypoints-139099/dt_dataset.json",
        0.5048844884488449, 0.7227722772277227, 0.6336633663366337, 0.46633663366336636,
        0.7504950495049505, 0.5181818181818182, 0.7272727272727273, 0.6363636363636364,
        0.4666666666666666, 0.75);
  }

  @Test
  void bboxVal2014AllCategoriesMatchesPycocotools() {
    check(IouType.BBOX, "bbox-val2014-100/instances_val2014_100.json",
        "bbox-val2014-100/instances_val2014_fakebbox100_results.json",
        0.5045806987249628, 0.6969727247299577, 0.5729816669904824, 0.5856257209410443,
        0.5193996948036719, 0.5013978986347466, 0.38681277964578054, 0.5936795762842003,
        0.595352982877607, 0.6398109626113442, 0.5664205978994309, 0.5642905982905982);
  }

  @Test
  void mmposeKeypointsMatchesPycocotools() {
    check(IouType.KEYPOINTS, "mmpose-4/test_coco.json", "mmpose-4/keypoint_results.json",
        0.8608896054440609, 0.993145468392993, 0.9108910891089109, 0.7755775577557756,
        0.9372524752475248, 0.875, 1.0, 0.9166666666666666, 0.78, 0.9428571428571428);
  }

  @Test
  void mmposeBboxMatchesPycocotools() {
    check(IouType.BBOX, "mmpose-4/test_coco.json", "mmpose-4/test_coco_det_AP_H_56.json",
        0.7891214003991492, 0.9823982398239822, 0.9823982398239822, 0.6504950495049505,
        0.7666195190947667, 0.872169532742748, 0.2785714285714286, 0.8285714285714286,
        0.8428571428571429, 0.65, 0.82, 0.9142857142857143);
  }
}

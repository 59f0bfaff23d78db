package posespark.job.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.IouType;

/**
 * The Spark evaluator reproduces pycocotools' stats on the shared evaluation vectors (values from
 * the data folder's README) to 1e-12, bbox over all 80 categories included.
 */
@Tag("acceptance")
class SparkEvalVectorsAcceptanceTest {

  private static SparkSession spark;

  @TempDir
  Path work;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("eval-vectors")
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = ';', value = {
      "keypoints;keypoints-139099/gt_dataset.json;keypoints-139099/dt_dataset.json;"
          + "0.5048844884488449 0.7227722772277227 0.6336633663366337 0.46633663366336636 0.7504950495049505 "
          + "0.5181818181818182 0.7272727272727273 0.6363636363636364 0.4666666666666666 0.75",
      "bbox;bbox-val2014-100/instances_val2014_100.json;bbox-val2014-100/instances_val2014_fakebbox100_results.json;"
          + "0.5045806987249628 0.6969727247299577 0.5729816669904824 0.5856257209410443 0.5193996948036719 "
          + "0.5013978986347466 0.38681277964578054 0.5936795762842003 0.595352982877607 0.6398109626113442 "
          + "0.5664205978994309 0.5642905982905982",
      "keypoints;mmpose-4/test_coco.json;mmpose-4/keypoint_results.json;"
          + "0.8608896054440609 0.993145468392993 0.9108910891089109 0.7755775577557756 0.9372524752475248 "
          + "0.875 1.0 0.9166666666666666 0.78 0.9428571428571428",
      "bbox;mmpose-4/test_coco.json;mmpose-4/test_coco_det_AP_H_56.json;"
          + "0.7891214003991492 0.9823982398239822 0.9823982398239822 0.6504950495049505 0.7666195190947667 "
          + "0.872169532742748 0.2785714285714286 0.8285714285714286 0.8428571428571429 0.65 0.82 "
          + "0.9142857142857143"})
  void reproducesPycocotoolsStats(String type, String gt, String results, String expected) {
    String root = System.getProperty("posespark.shared.data");
    assertThat(root).as("system property posespark.shared.data").isNotNull();
    Path dir = Path.of(root, "eval-vectors");
    assertThat(Files.isDirectory(dir)).as("%s exists", dir).isTrue();
    CocoEvalResult r = new SparkCocoEvaluator(spark, EvalParams.of(IouType.parse(type)),
        work.toUri().toString(), 3).evaluate(dir.resolve(gt), dir.resolve(results));
    String[] want = expected.split(" ");
    double[] stats = r.stats();
    assertThat(stats).hasSize(want.length);
    for (int i = 0; i < want.length; i++) {
      assertThat(stats[i]).as("stats[%d]", i).isCloseTo(Double.parseDouble(want[i]), within(1e-12));
    }
  }
}

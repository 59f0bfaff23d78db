package posespark.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A plain session configured only with {@code spark.sql.extensions} has the functions in SQL. */
class PoseSqlExtensionsTest {

  static SparkSession spark;

  @BeforeAll
  static void start() {
    TestSpark.stop();
    spark = TestSpark.builder(PoseSqlExtensions.class.getName());
  }

  @AfterAll
  static void stop() {
    TestSpark.stop();
  }

  @Test
  void functionsAreCallableWithoutRegistering() {
    new Poses().add(1, PoseFunctionsTest.ARM, new double[] {0, 0, 4, 4}).view(spark, "ext");
    Row r = spark.sql("SELECT joint_angle(keypoints, 'left_shoulder', 'left_elbow', 'left_wrist'), "
        + "visible_count(keypoints, 0.5), size(keypoint_names()), bbox_iou(bbox, bbox) FROM ext").first();
    assertThat(r.getDouble(0)).isCloseTo(90.0, within(1e-12));
    assertThat(r.getInt(1)).isEqualTo(9);
    assertThat(r.getInt(2)).isEqualTo(17);
    assertThat(r.getDouble(3)).isEqualTo(1.0);
  }

  @Test
  void describeFunctionShowsTheUsage() {
    String usage = spark.sql("DESCRIBE FUNCTION oks").collectAsList().toString();
    assertThat(usage).contains("oks(kps_a, kps_b, area[, sigmas])");
  }
}

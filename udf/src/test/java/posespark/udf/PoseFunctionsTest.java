package posespark.udf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.keypoints.CocoKeypoints;

/** Every function through {@link PoseFunctions#register} on real Spark, against hand-computed values. */
class PoseFunctionsTest {

  static SparkSession spark;

  /** Left arm bent at a right angle: shoulder (100, 100), elbow (100, 140), wrist (130, 140). */
  static final double[] ARM = Poses.pose(5, 100, 100, 7, 100, 140, 9, 130, 140);

  @BeforeAll
  static void start() {
    spark = TestSpark.builder(null);
    PoseFunctions.register(spark);
    new Poses()
        .add(1, ARM, new double[] {0, 0, 2, 2})
        .add(2, null, null)
        .view(spark, "p");
    new Poses().add(1, new double[] {1, 2, 1, 3, 4, 1, 5, 6, 1}, null).view(spark, "short");
  }

  private static Row one(String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    assertThat(rows).as(sql).hasSize(1);
    return rows.get(0);
  }

  private static Row first(String select) {
    return one("SELECT " + select + " FROM p WHERE id = 1");
  }

  @Test
  void keypointReturnsTheNamedKeypointsStruct() {
    Row wrist = first("keypoint(keypoints, 'left_wrist') AS k").getStruct(0);
    assertThat(wrist.getDouble(0)).isEqualTo(130.0);
    assertThat(wrist.getDouble(1)).isEqualTo(140.0);
    assertThat(wrist.getDouble(2)).isEqualTo(9 / 16.0);
    assertThat(first("keypoint(keypoints, 'left_wrist').x - keypoint(keypoints, 'nose').x").getDouble(0))
        .isEqualTo(120.0);
  }

  @Test
  void keypointNamesAreCocosSeventeenInOrder() {
    assertThat(one("SELECT keypoint_names()").getList(0)).containsExactlyElementsOf(CocoKeypoints.NAMES);
  }

  @Test
  void jointAngleOfARightAngledElbowIsNinety() {
    assertThat(first("joint_angle(keypoints, 'left_shoulder', 'left_elbow', 'left_wrist')").getDouble(0))
        .isCloseTo(90.0, within(1e-12));
  }

  @Test
  void keypointNamesMayComeFromAColumn() {
    Row r = one("SELECT joint_angle(keypoints, 'left_shoulder', n, 'left_wrist') FROM p "
        + "CROSS JOIN (SELECT 'left_elbow' AS n) WHERE id = 1");
    assertThat(r.getDouble(0)).isCloseTo(90.0, within(1e-12));
  }

  @Test
  void limbLengthIsTheDistanceInPixels() {
    Row r = first("limb_length(keypoints, 'left_elbow', 'left_wrist'), limb_length(keypoints, 'left_shoulder', 'left_wrist')");
    assertThat(r.getDouble(0)).isEqualTo(30.0);
    assertThat(r.getDouble(1)).isEqualTo(50.0);
  }

  @Test
  void visibleCountCountsScoresAtOrAboveTheThreshold() {
    // scores i / 16: 0.5 and above for i = 8..16
    Row r = first("visible_count(keypoints, 0.5), visible_count(keypoints, 0)");
    assertThat(r.getInt(0)).isEqualTo(9);
    assertThat(r.getInt(1)).isEqualTo(17);
  }

  @Test
  void bboxIouOfHalfOverlappingSquares() {
    // (0,0,2,2) and (1,1,2,2): intersection 1, union 7
    assertThat(first("bbox_iou(bbox, named_struct('x', 1, 'y', 1, 'w', 2, 'h', 2))").getDouble(0))
        .isEqualTo(1 / 7.0);
  }

  @Test
  void poseFlipMirrorsXAndSwapsSides() {
    Row r = first("keypoint(pose_flip(keypoints, 200), 'right_wrist') AS k").getStruct(0);
    assertThat(r.getDouble(0)).isEqualTo(70.0);
    assertThat(r.getDouble(1)).isEqualTo(140.0);
    assertThat(r.getDouble(2)).isEqualTo(9 / 16.0);
  }

  @Test
  void toCocoKeypointsIsTheFlatXYVArray() {
    List<Double> flat = first("to_coco_keypoints(keypoints)").getList(0);
    assertThat(flat).hasSize(51);
    assertThat(flat.subList(27, 30)).containsExactly(130.0, 140.0, 9 / 16.0);
  }

  @Test
  void normalisedShapeHasUnitNormAndIgnoresPositionAndSize() {
    List<Double> shape = first("pose_normalize(keypoints)").getList(0);
    assertThat(shape).hasSize(34);
    assertThat(shape.stream().mapToDouble(v -> v * v).sum()).isCloseTo(1.0, within(1e-12));
    Row r = first("pose_similarity(keypoints, transform(keypoints, "
        + "k -> named_struct('x', 3 * k.x + 7, 'y', 3 * k.y - 2, 'score', 0.1))), "
        + "pose_similarity(keypoints, pose_flip(keypoints, 0))");
    assertThat(r.getDouble(0)).isCloseTo(1.0, within(1e-12));
    assertThat(r.getDouble(1)).isLessThan(0.9);
  }

  @Test
  void oksOfAPoseShiftedByFivePixelsFollowsCocosFormula() {
    // b = a moved by (3, 4): d^2 = 25 for every keypoint; a's nose has score 0, so it is not labelled.
    Row r = first("oks(keypoints, transform(keypoints, k -> named_struct('x', k.x + 3, 'y', k.y + 4, "
        + "'score', k.score)), 10000), oks(keypoints, keypoints, 10000)");
    double[] sigmas = CocoKeypoints.sigmas();
    double sum = 0;
    for (int k = 1; k < 17; k++) {
      sum += Math.exp(-25 / (2 * Math.pow(2 * sigmas[k], 2) * (10000 + Math.ulp(1.0))));
    }
    assertThat(r.getDouble(0)).isCloseTo(sum / 16, within(1e-15));
    assertThat(r.getDouble(1)).isEqualTo(1.0);
  }

  @Test
  void oksTakesOtherSigmas() {
    Row r = first("oks(keypoints, transform(keypoints, k -> named_struct('x', k.x + 3, 'y', k.y + 4, "
        + "'score', k.score)), 100, array_repeat(0.5, 17))");
    // every sigma 0.5: e = 25 / (2 * 1 * 100)
    assertThat(r.getDouble(0)).isCloseTo(Math.exp(-25 / 200.0), within(1e-15));
  }

  @Test
  void nullInGivesNullOut() {
    Row r = one("SELECT keypoint(keypoints, 'nose'), joint_angle(keypoints, 'nose', 'left_eye', 'right_eye'), "
        + "limb_length(keypoints, 'nose', 'left_eye'), visible_count(keypoints, 0.3), bbox_iou(bbox, bbox), "
        + "pose_flip(keypoints, 10), to_coco_keypoints(keypoints), pose_normalize(keypoints), "
        + "pose_similarity(keypoints, keypoints), oks(keypoints, keypoints, 100), "
        + "visible_count(keypoints, null) FROM p WHERE id = 2");
    for (int i = 0; i < r.size(); i++) {
      assertThat(r.isNullAt(i)).as("column %d", i).isTrue();
    }
  }

  @Test
  void undefinedAngleIsNull() {
    Row r = first("joint_angle(keypoints, 'left_shoulder', 'left_shoulder', 'left_wrist')");
    assertThat(r.isNullAt(0)).isTrue();
  }

  @Test
  void unknownKeypointNameIsAnErrorNamingTheArgument() {
    assertThatThrownBy(() -> spark.sql("SELECT joint_angle(keypoints, 'left_shoulder', 'left_elbo', 'left_wrist') FROM p"))
        .hasMessage("joint_angle: argument b 'left_elbo' is not a COCO keypoint name (see keypoint_names())");
    assertThatThrownBy(() -> spark.sql("SELECT keypoint(keypoints, n) FROM p CROSS JOIN (SELECT 'hand' AS n)")
        .collectAsList())
        .hasMessageContaining("keypoint: argument name 'hand' is not a COCO keypoint name");
  }

  @Test
  void wrongLengthArrayIsAnErrorNamingTheArgument() {
    assertThatThrownBy(() -> spark.sql("SELECT keypoint(keypoints, 'nose') FROM short").collectAsList())
        .hasMessageContaining("keypoint: argument kps has 3 keypoints, expected 17");
    assertThatThrownBy(() -> spark.sql("SELECT oks(p.keypoints, short.keypoints, 1) FROM p, short WHERE p.id = 1")
        .collectAsList())
        .hasMessageContaining("oks: argument kps_b has 3 keypoints, expected 17");
  }

  @Test
  void wrongTypesAndArityAreErrorsNamingTheArgument() {
    assertThatThrownBy(() -> spark.sql("SELECT visible_count(bbox, 0.5) FROM p"))
        .hasMessage("visible_count: argument kps must be array<struct<x, y, score>> (the poses table's keypoints),"
            + " got struct<x:double,y:double,w:double,h:double>");
    assertThatThrownBy(() -> spark.sql("SELECT oks(keypoints, keypoints) FROM p"))
        .hasMessage("oks: takes 3 to 4 arguments, got 2");
    assertThatThrownBy(() -> spark.sql("SELECT limb_length(keypoints, 1, 2) FROM p"))
        .hasMessageContaining("limb_length: argument a must be a keypoint name such as 'left_wrist', got int");
  }

  @Test
  void floatKeypointsAreAccepted() {
    Row r = first("visible_count(transform(keypoints, k -> named_struct('x', cast(k.x AS float), "
        + "'y', cast(k.y AS float), 'score', cast(k.score AS float))), 0.5)");
    assertThat(r.getInt(0)).isEqualTo(9);
  }

  @Test
  void interpretedEvaluationAgreesWithGeneratedCode() {
    String q = "SELECT joint_angle(keypoints, 'left_shoulder', 'left_elbow', 'left_wrist'), "
        + "visible_count(keypoints, 0.5), keypoint(keypoints, 'left_wrist').x, "
        + "oks(keypoints, pose_flip(keypoints, 300), 5000) FROM p WHERE id = 1";
    Row generated = one(q);
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    try {
      Row interpreted = one(q);
      assertThat(interpreted).isEqualTo(generated);
    } finally {
      spark.conf().unset("spark.sql.codegen.wholeStage");
      spark.conf().unset("spark.sql.codegen.factoryMode");
    }
  }
}

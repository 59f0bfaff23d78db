package posespark.job.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.SyntheticCoco;

/** The Spark evaluator agrees bit for bit with the single-JVM evaluator (local[2], several partitions). */
class SparkCocoEvaluatorTest {

  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("spark-coco-evaluator-test")
        .config("spark.ui.enabled", "false")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static void assertSameArrays(CocoEvalResult spark, CocoEvalResult local) {
    assertThat(spark.stats()).as("stats").containsExactly(local.stats());
    EvalParams p = local.params();
    for (int t = 0; t < p.numThresholds(); t++) {
      for (int k = 0; k < local.catIds().length; k++) {
        for (int a = 0; a < p.numAreas(); a++) {
          for (int m = 0; m < p.numMaxDets(); m++) {
            assertThat(spark.recall(t, k, a, m)).isEqualTo(local.recall(t, k, a, m));
            for (int r = 0; r < p.numRecall(); r++) {
              assertThat(spark.precision(t, r, k, a, m)).as("precision t%d r%d k%d a%d m%d", t, r, k, a, m)
                  .isEqualTo(local.precision(t, r, k, a, m));
            }
          }
        }
      }
    }
  }

  private CocoEvalResult sparkEval(EvalParams p, Path gt, Path results, int partitions) {
    return new SparkCocoEvaluator(spark, p, dir.resolve("work").toUri().toString(), partitions).evaluate(gt, results);
  }

  @Test
  void keypointStatsAndCurvesEqualTheLocalEvaluator() {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 1500, 3);
    EvalParams p = EvalParams.keypoints();
    CocoEvalResult local = new CocoEvaluator(p).evaluate(gt, results);
    CocoEvalResult distributed = sparkEval(p, gt, results, 5);
    assertSameArrays(distributed, local);
    assertThat(distributed.stats()[0]).as("AP of a realistic set").isBetween(0.2, 0.95);
    for (int k = 0; k < 17; k++) {
      assertThat(distributed.keypointTally().labelled(k)).isEqualTo(local.keypointTally().labelled(k));
    }
  }

  @Test
  void bboxStatsAndCurvesEqualTheLocalEvaluator() {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 800, 4);
    EvalParams p = EvalParams.bbox();
    assertSameArrays(sparkEval(p, gt, results, 3), new CocoEvaluator(p).evaluate(gt, results));
  }

  @Test
  void resultOnAnImageOutsideTheGroundTruthNamesFileAndResult() throws Exception {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 50, 5);
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> rows = json.readValue(results.toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<>() {});
    rows.get(7).put("image_id", 42);
    json.writeValue(results.toFile(), rows);
    assertThatThrownBy(() -> sparkEval(EvalParams.keypoints(), gt, results, 2))
        .hasMessage(results + ": result #7 names image_id 42, which is not an image of the ground truth");
  }

  @Test
  void posesTableEvaluatesLikeItsCocoExportWithoutBoxes() throws Exception {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 400, 6);
    ObjectMapper json = new ObjectMapper();
    List<Map<String, Object>> rows = json.readValue(results.toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<>() {});
    StructType point = new StructType().add("x", DataTypes.FloatType).add("y", DataTypes.FloatType)
        .add("score", DataTypes.FloatType);
    StructType box = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
        .add("w", DataTypes.DoubleType).add("h", DataTypes.DoubleType);
    StructType schema = new StructType().add("image_id", DataTypes.LongType).add("person_index", DataTypes.IntegerType)
        .add("bbox", box).add("pose_score", DataTypes.DoubleType).add("keypoints", DataTypes.createArrayType(point));
    Map<Object, Integer> nextIndex = new HashMap<>();
    List<Row> table = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      @SuppressWarnings("unchecked")
      List<Number> k = (List<Number>) r.get("keypoints");
      List<Row> points = new ArrayList<>();
      double[] flat = new double[51];
      for (int i = 0; i < 17; i++) {
        // float columns, as the annotate job writes them; the JSON side gets the same float values.
        float x = k.get(3 * i).floatValue();
        float y = k.get(3 * i + 1).floatValue();
        points.add(RowFactory.create(x, y, k.get(3 * i + 2).floatValue()));
        flat[3 * i] = x;
        flat[3 * i + 1] = y;
        flat[3 * i + 2] = k.get(3 * i + 2).floatValue();
      }
      r.put("keypoints", flat);
      int index = nextIndex.merge(r.get("image_id"), 1, Integer::sum) - 1;
      // A tiny box: were it used for the area, every detection would fall out of the medium/large ranges.
      table.add(RowFactory.create(((Number) r.get("image_id")).longValue(), index,
          RowFactory.create(0.0, 0.0, 1.0, 1.0), ((Number) r.get("score")).doubleValue(), points));
    }
    json.writeValue(results.toFile(), rows);
    Path poses = dir.resolve("poses");
    spark.createDataFrame(table, schema).repartition(3).write().parquet(poses.toString());
    EvalParams p = EvalParams.keypoints();
    CocoEvalResult fromTable = new SparkCocoEvaluator(spark, p, dir.resolve("work").toUri().toString(), 2)
        .evaluate(gt, PosesTableDetections.read(spark, poses.toString(), 17), poses.toString());
    assertSameArrays(fromTable, new CocoEvaluator(p).evaluate(gt, results));
  }
}

package posespark.udf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import posespark.models.keypoints.Oks;

/**
 * SQL {@code oks} gives the evaluator's OKS ({@link Oks}, which {@code ImageEvaluator} calls) to
 * the last bit, with the reference's score standing for COCO's visibility.
 */
class OksAgreementTest {

  static SparkSession spark;

  static final StructType PAIRS = new StructType()
      .add("pair", DataTypes.IntegerType, false)
      .add("gt", SqlArguments.KEYPOINTS, false)
      .add("dt", SqlArguments.KEYPOINTS, false)
      .add("area", DataTypes.DoubleType, false);

  @BeforeAll
  static void start() {
    spark = TestSpark.builder(null);
    PoseFunctions.register(spark);
  }

  /** SQL oks for each pair, in pair order. */
  static List<Row> sqlOks(List<double[]> gts, List<double[]> dts, List<Double> areas) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < gts.size(); i++) {
      rows.add(RowFactory.create(i, Poses.keypointRows(gts.get(i)), Poses.keypointRows(dts.get(i)), areas.get(i)));
    }
    spark.createDataFrame(rows, PAIRS).createOrReplaceTempView("pairs");
    return spark.sql("SELECT pair, oks(gt, dt, area) FROM pairs ORDER BY pair").collectAsList();
  }

  @Test
  void equalsTheEvaluatorsOksOnRandomPairsWithUnlabelledKeypoints() {
    Random random = new Random(8);
    List<double[]> gts = new ArrayList<>();
    List<double[]> dts = new ArrayList<>();
    List<Double> areas = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      double[] gt = new double[51];
      double[] dt = new double[51];
      double scale = 20 + 200 * random.nextDouble();
      for (int k = 0; k < 17; k++) {
        gt[3 * k] = 500 * random.nextDouble();
        gt[3 * k + 1] = 400 * random.nextDouble();
        gt[3 * k + 2] = random.nextInt(3); // COCO's v: 0 unlabelled, 1 hidden, 2 visible
        dt[3 * k] = gt[3 * k] + random.nextGaussian() * scale / 10;
        dt[3 * k + 1] = gt[3 * k + 1] + random.nextGaussian() * scale / 10;
        dt[3 * k + 2] = random.nextDouble();
      }
      gt[2] = 2; // at least one labelled keypoint
      gts.add(gt);
      dts.add(dt);
      areas.add(scale * scale * (0.3 + random.nextDouble()));
    }
    List<Row> rows = sqlOks(gts, dts, areas);
    Oks evaluator = new Oks();
    for (int i = 0; i < rows.size(); i++) {
      double expected = evaluator.compute(gts.get(i), new double[4], areas.get(i), dts.get(i));
      assertThat(rows.get(i).getDouble(1)).as("pair %d", i).isEqualTo(expected);
    }
    assertThat(rows.stream().mapToDouble(r -> r.getDouble(1)).distinct().count()).isGreaterThan(250);
  }

  @Test
  void isNullWhenTheReferenceHasNoLabelledKeypoint() {
    double[] gt = new double[51];
    List<Row> rows = sqlOks(List.of(gt), List.of(Poses.pose()), List.of(100.0));
    assertThat(rows.get(0).isNullAt(1)).isTrue();
  }
}

package posespark.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Builds small tables of poses in the poses table's column types for the function tests. */
final class Poses {

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("keypoints", SqlArguments.KEYPOINTS, true)
      .add("bbox", SqlArguments.BBOX, true);

  private final List<Row> rows = new ArrayList<>();

  /** Adds a row; {@code flat} is {@code [x, y, score] * K} or null. */
  Poses add(int id, double[] flat, double[] box) {
    rows.add(RowFactory.create(id, flat == null ? null : keypointRows(flat),
        box == null ? null : RowFactory.create(box[0], box[1], box[2], box[3])));
    return this;
  }

  static List<Row> keypointRows(double[] flat) {
    List<Row> kps = new ArrayList<>();
    for (int i = 0; i < flat.length / 3; i++) {
      kps.add(RowFactory.create(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]));
    }
    return kps;
  }

  Dataset<Row> view(SparkSession spark, String name) {
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    df.createOrReplaceTempView(name);
    return df;
  }

  /** 17 keypoints at (10 + i, 100 + 2 i) with score i / 16, then {@code edits} as (index, x, y). */
  static double[] pose(double... edits) {
    double[] k = new double[51];
    for (int i = 0; i < 17; i++) {
      k[3 * i] = 10 + i;
      k[3 * i + 1] = 100 + 2 * i;
      k[3 * i + 2] = i / 16.0;
    }
    for (int e = 0; e < edits.length; e += 3) {
      int i = (int) edits[e];
      k[3 * i] = edits[e + 1];
      k[3 * i + 1] = edits[e + 2];
    }
    return k;
  }
}

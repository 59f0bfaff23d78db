package posespark.job.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads the parts of a COCO JSON file the job needs with Spark's JSON reader (on an executor, with
 * an explicit schema so that segmentation polygons and other fields are skipped, not parsed).
 */
public final class CocoJson {

  static final StructType IMAGE = new StructType()
      .add("id", DataTypes.LongType)
      .add("file_name", DataTypes.StringType)
      .add("width", DataTypes.LongType)
      .add("height", DataTypes.LongType);

  static final StructType ANNOTATION = new StructType()
      .add("image_id", DataTypes.LongType)
      .add("category_id", DataTypes.LongType)
      .add("iscrowd", DataTypes.LongType)
      .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType));

  static final StructType FILE = new StructType()
      .add("images", DataTypes.createArrayType(IMAGE))
      .add("annotations", DataTypes.createArrayType(ANNOTATION));

  private CocoJson() {}

  private static Dataset<Row> file(SparkSession spark, String path) {
    return spark.read().option("multiLine", "true").option("mode", "FAILFAST").schema(FILE)
        .json(path);
  }

  /** One row per entry of {@code images}: id, file_name, width, height. */
  public static Dataset<Row> images(SparkSession spark, String path) {
    return file(spark, path).select(explode(col("images")).as("image")).select("image.*");
  }

  /** One row per entry of {@code annotations}: image_id, category_id, iscrowd, bbox. */
  public static Dataset<Row> annotations(SparkSession spark, String path) {
    return file(spark, path).select(explode(col("annotations")).as("a")).select("a.*");
  }
}

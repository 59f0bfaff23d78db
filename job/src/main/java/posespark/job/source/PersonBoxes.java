package posespark.job.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Person boxes given to the job instead of detected: {@code image_id, boxes
 * array<struct<x,y,w,h,score>>}, one row per image that has any. Joined to the images in Spark.
 */
public final class PersonBoxes {

  /** COCO's person category. */
  public static final long PERSON = 1;

  public static final StructType BOX = new StructType()
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("w", DataTypes.DoubleType)
      .add("h", DataTypes.DoubleType)
      .add("score", DataTypes.DoubleType);

  private static final StructType DETECTION = new StructType()
      .add("image_id", DataTypes.LongType)
      .add("category_id", DataTypes.LongType)
      .add("bbox", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("score", DataTypes.DoubleType);

  private PersonBoxes() {}

  /** Ground truth: non-crowd person annotations of a COCO JSON, score 1. */
  public static Dataset<Row> groundTruth(SparkSession spark, String cocoJson) {
    Dataset<Row> persons = CocoJson.annotations(spark, cocoJson)
        .where(col("category_id").equalTo(PERSON)
            .and(col("iscrowd").isNull().or(col("iscrowd").equalTo(0))));
    return group(persons, lit(1.0));
  }

  /** COCO detection results (a JSON array): person detections with score ≥ {@code minScore}. */
  public static Dataset<Row> detections(SparkSession spark, String resultsJson, double minScore) {
    Dataset<Row> persons = spark.read().option("multiLine", "true").option("mode", "FAILFAST")
        .schema(DETECTION).json(resultsJson)
        .where(col("category_id").equalTo(PERSON).and(col("score").geq(minScore)));
    return group(persons, col("score"));
  }

  private static Dataset<Row> group(Dataset<Row> persons, Column score) {
    Column box = struct(col("bbox").getItem(0).as("x"), col("bbox").getItem(1).as("y"),
        col("bbox").getItem(2).as("w"), col("bbox").getItem(3).as("h"),
        score.cast("double").as("score"));
    return persons.where(col("bbox").isNotNull())
        .groupBy("image_id").agg(collect_list(box).as("boxes"));
  }
}

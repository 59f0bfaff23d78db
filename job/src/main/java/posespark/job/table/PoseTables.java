package posespark.job.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;

/**
 * Column names and types of the tables the annotate job writes ({@code poses}, {@code images},
 * {@code runs}) and of the per-image result rows the tasks produce. Names are the contract for
 * SQL users; a change of meaning bumps {@link #SCHEMA_VERSION}.
 */
public final class PoseTables {

  /** Written into each table's Parquet footer (Spark's schema JSON, field metadata of image_id/run_id). */
  public static final int SCHEMA_VERSION = 2;

  public static final String STATUS_OK = "ok";
  public static final String STATUS_ERROR = "error";

  /** Partition columns, outermost first; {@code run_id} keeps each run in its own folder. */
  public static final String[] PARTITIONS = {"dataset", "run_date", "run_id"};

  public static final StructType BBOX = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("w", DataTypes.DoubleType, false)
      .add("h", DataTypes.DoubleType, false);

  public static final StructType KEYPOINT = new StructType()
      .add("x", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("score", DataTypes.DoubleType, false);

  public static final StructType PERSON = new StructType()
      .add("person_index", DataTypes.IntegerType, false)
      .add("bbox", BBOX, false)
      .add("box_score", DataTypes.DoubleType, false)
      .add("pose_score", DataTypes.DoubleType, false)
      .add("confident", DataTypes.BooleanType, false)
      .add("keypoints", DataTypes.createArrayType(KEYPOINT, false), false)
      .add("area", DataTypes.DoubleType, false);

  /** What a task emits per input image; the images and poses tables are projections of it. */
  public static final StructType RESULT = new StructType()
      .add("image_id", DataTypes.LongType, false)
      .add("uri", DataTypes.StringType, false)
      .add("width", DataTypes.IntegerType, true)
      .add("height", DataTypes.IntegerType, true)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true)
      .add("num_persons", DataTypes.IntegerType, false)
      .add("timings", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false),
          false)
      .add("persons", DataTypes.createArrayType(PERSON, false), false);

  private PoseTables() {}

  /** The images table's rows from the per-image results, then {@code extra} columns. */
  public static Dataset<Row> images(Dataset<Row> results, Column... extra) {
    return results.select(concat(new Column[] {
        col("image_id").as("image_id", versionMetadata("images")), col("uri"), col("width"),
        col("height"), col("status"), col("error"), col("num_persons"), col("timings")}, extra));
  }

  /** The poses table's rows (one per person) from the per-image results, then {@code extra}. */
  public static Dataset<Row> poses(Dataset<Row> results, String modelsId, Column... extra) {
    return results.where(size(col("persons")).gt(0))
        .select(col("image_id"), col("uri"), explode(col("persons")).as("p"))
        .select(concat(new Column[] {
            col("image_id").as("image_id", versionMetadata("poses")), col("uri"),
            col("p.person_index"), col("p.bbox"), col("p.box_score"), col("p.pose_score"),
            col("p.confident"), col("p.keypoints"), col("p.area"), lit(modelsId).as("models")}, extra));
  }

  private static Column[] concat(Column[] a, Column[] b) {
    Column[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Field metadata marking a table's schema version (readable from the Parquet footer). */
  public static Metadata versionMetadata(String table) {
    return new MetadataBuilder()
        .putString("posespark.table", table)
        .putLong("posespark.schema_version", SCHEMA_VERSION)
        .build();
  }
}

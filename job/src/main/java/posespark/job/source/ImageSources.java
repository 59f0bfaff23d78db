package posespark.job.source;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns an {@code --input} into a DataFrame of {@code image_id: long, uri: string}, one row per
 * input file, without reading any image (files are read and decoded later, in the tasks).
 */
public final class ImageSources {

  static final String ID_UDF = "posespark_image_id";
  static final String RESOLVE_UDF = "posespark_resolve_uri";

  private ImageSources() {}

  /**
   * @param input     folder, file, glob, manifest (.txt/.lst/.csv/.parquet) or COCO JSON
   * @param imageRoot folder of a COCO JSON's {@code file_name}s (COCO input only)
   */
  public static Dataset<Row> open(SparkSession spark, String input, String imageRoot) {
    registerFunctions(spark);
    return switch (InputKind.of(input)) {
      case FILES -> files(spark, input);
      case MANIFEST_TEXT -> manifest(spark.read().text(input).select(trim(col("value")).as("uri"))
          .where(col("uri").notEqual("").and(col("uri").startsWith("#").unary_$bang())), input);
      case MANIFEST_CSV -> manifest(spark.read().option("header", "true").csv(input), input);
      case MANIFEST_PARQUET -> manifest(spark.read().parquet(input), input);
      case COCO_JSON -> coco(spark, input, imageRoot);
    };
  }

  private static void registerFunctions(SparkSession spark) {
    spark.udf().register(ID_UDF, (UDF1<String, Long>) ImageIds::fromUri, DataTypes.LongType);
    spark.udf().register(RESOLVE_UDF, (UDF2<String, String, String>) ImageSources::resolve,
        DataTypes.StringType);
  }

  /**
   * Folders recursively, files and globs through binaryFile's file index (the listing only: no
   * content is read). The scan itself would silently skip zero-byte files, so the list comes from
   * the index, where every input, empty or not, gets its row.
   */
  private static Dataset<Row> files(SparkSession spark, String input) {
    String[] paths = spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(input)
        .inputFiles();
    Dataset<Row> listed = spark.createDataset(Arrays.asList(paths), Encoders.STRING())
        .toDF("uri");
    return listed.select(callUDF(ID_UDF, col("uri")).as("image_id"), col("uri"));
  }

  /** Manifest rows: uri (or path) and an optional image_id; relative entries resolve against the
   * manifest's folder. */
  private static Dataset<Row> manifest(Dataset<Row> rows, String manifest) {
    List<String> columns = Arrays.asList(rows.columns());
    String uriColumn = columns.contains("uri") ? "uri" : columns.contains("path") ? "path" : null;
    if (uriColumn == null) {
      throw new IllegalArgumentException("manifest " + manifest
          + " has no 'uri' or 'path' column (columns: " + String.join(", ", columns) + ")");
    }
    String base = new Path(manifest).getParent() == null ? "" : new Path(manifest).getParent().toString();
    Column uri = callUDF(RESOLVE_UDF, lit(base), col(uriColumn).cast("string"));
    Column id = columns.contains("image_id")
        ? coalesce(col("image_id").cast("long"), callUDF(ID_UDF, uri)) : callUDF(ID_UDF, uri);
    return rows.select(id.as("image_id"), uri.as("uri"));
  }

  private static Dataset<Row> coco(SparkSession spark, String json, String imageRoot) {
    if (imageRoot == null) {
      throw new IllegalArgumentException("COCO input " + json + " needs --image-root");
    }
    String root = imageRoot.endsWith("/") ? imageRoot : imageRoot + "/";
    return CocoJson.images(spark, json)
        .select(col("id").as("image_id"),
            callUDF(RESOLVE_UDF, lit(root), concat(lit(""), col("file_name"))).as("uri"));
  }

  /** An absolute URI or path stays; a relative one is taken relative to {@code base}. */
  static String resolve(String base, String entry) {
    if (entry == null) {
      return null;
    }
    Path path = new Path(entry);
    if (path.isAbsolute() || path.toUri().getScheme() != null || base.isEmpty()) {
      return path.toString();
    }
    return new Path(base, entry).toString();
  }
}

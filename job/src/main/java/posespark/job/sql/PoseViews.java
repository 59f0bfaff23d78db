package posespark.job.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Registers the views {@code poses}, {@code images} and {@code runs} over the Parquet tables that
 * {@code submit/annotate --output DIR} writes.
 *
 * <p>The default rule ("latest"): for each {@code (dataset, uri)}, only the rows of the most recent
 * successful run ({@code runs.status = 'ok'}, latest {@code ended_at}, then the greatest
 * {@code run_id}) that annotated it. Nightly runs that annotate only new images therefore still show
 * every image once, with its newest answer. With all runs, {@code poses} and {@code images} hold
 * every committed row. {@code runs} always lists every run, failed ones included.
 */
public final class PoseViews {

  public static final String POSES = "poses";
  public static final String IMAGES = "images";
  public static final String RUNS = "runs";

  private PoseViews() {}

  /** Creates or replaces the three temporary views; {@code allRuns} skips the latest-run rule. */
  public static void register(SparkSession spark, String tablesDir, boolean allRuns) throws IOException {
    Dataset<Row> poses = read(spark, tablesDir, POSES);
    Dataset<Row> images = read(spark, tablesDir, IMAGES);
    Dataset<Row> runs = read(spark, tablesDir, RUNS);
    if (!allRuns) {
      Dataset<Row> latest = latestRunPerImage(images, runs);
      poses = poses.join(latest, poses.col("dataset").equalTo(latest.col("l_dataset"))
          .and(poses.col("uri").equalTo(latest.col("l_uri")))
          .and(poses.col("run_id").equalTo(latest.col("l_run_id"))), "left_semi");
      images = images.join(latest, images.col("dataset").equalTo(latest.col("l_dataset"))
          .and(images.col("uri").equalTo(latest.col("l_uri")))
          .and(images.col("run_id").equalTo(latest.col("l_run_id"))), "left_semi");
    }
    poses.createOrReplaceTempView(POSES);
    images.createOrReplaceTempView(IMAGES);
    runs.createOrReplaceTempView(RUNS);
  }

  /** {@code (l_dataset, l_uri, l_run_id)}: the run whose answer for each image is shown. */
  static Dataset<Row> latestRunPerImage(Dataset<Row> images, Dataset<Row> runs) {
    Dataset<Row> okRuns = runs.filter(col("status").equalTo("ok"))
        .select(col("run_id").as("ok_run_id"), col("ended_at"));
    Dataset<Row> answered = images.select("dataset", "uri", "run_id")
        .join(okRuns, col("run_id").equalTo(col("ok_run_id")));
    return answered
        .withColumn("newest", row_number().over(Window.partitionBy("dataset", "uri")
            .orderBy(col("ended_at").desc(), col("run_id").desc())))
        .filter(col("newest").equalTo(1))
        .select(col("dataset").as("l_dataset"), col("uri").as("l_uri"), col("run_id").as("l_run_id"));
  }

  private static Dataset<Row> read(SparkSession spark, String tablesDir, String table) throws IOException {
    Path path = new Path(tablesDir, table);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.isDirectory(path)) {
      throw new IllegalArgumentException("--tables " + tablesDir + " has no " + table
          + " table (expected the folder that submit/annotate --output wrote)");
    }
    return spark.read().parquet(path.toString());
  }
}

package posespark.job.sql;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import posespark.job.table.LatestRows;

/**
 * Registers the views {@code poses}, {@code images} and {@code runs} over the Parquet tables that
 * {@code submit/annotate --output DIR} writes.
 *
 * <p>The default rule ("latest", {@link LatestRows}): for each {@code (dataset, uri)}, only the rows
 * of the most recent successful run ({@code runs.status = 'ok'}, latest {@code ended_at}, then the
 * greatest {@code run_id}) that annotated it. Nightly runs that annotate only new images therefore
 * still show every image once, with its newest answer. With all runs, {@code poses} and {@code images} hold
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
      Dataset<Row> latest = LatestRows.latestImages(images, runs);
      poses = LatestRows.keepPicked(poses, latest);
      images = LatestRows.keepPicked(images, latest);
    }
    poses.createOrReplaceTempView(POSES);
    images.createOrReplaceTempView(IMAGES);
    runs.createOrReplaceTempView(RUNS);
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

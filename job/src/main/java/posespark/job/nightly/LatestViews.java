package posespark.job.nightly;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import posespark.job.table.LatestRows;

/**
 * What nightly readers see: the views {@code images_latest} and {@code poses_latest}, by the rule of
 * {@link LatestRows} (per {@code (dataset, uri)} the row of the newest {@code ok} run).
 * {@code poses_latest} holds the poses of exactly the runs {@code images_latest} picked.
 */
public final class LatestViews {

  public static final String IMAGES_LATEST = "images_latest";
  public static final String POSES_LATEST = "poses_latest";

  private LatestViews() {}

  /** {@code run_id, ended_at} of the runs that committed. */
  public static Dataset<Row> okRuns(Dataset<Row> runs) {
    return LatestRows.okRuns(runs);
  }

  /** One images row per (dataset, uri): the newest committed one. */
  public static Dataset<Row> imagesLatest(Dataset<Row> images, Dataset<Row> runs) {
    return LatestRows.latestImages(images, runs);
  }

  /** The poses of the images rows {@link #imagesLatest} picked. */
  public static Dataset<Row> posesLatest(Dataset<Row> poses, Dataset<Row> imagesLatest) {
    return LatestRows.keepPicked(poses, imagesLatest);
  }

  /** Registers {@code images_latest} and {@code poses_latest} as temporary views. */
  public static void register(SparkSession spark, Dataset<Row> images, Dataset<Row> poses,
      Dataset<Row> runs) {
    Dataset<Row> latest = imagesLatest(images, runs);
    latest.createOrReplaceTempView(IMAGES_LATEST);
    posesLatest(poses, latest).createOrReplaceTempView(POSES_LATEST);
  }
}

package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * What readers see: only rows of runs whose {@code runs} row says {@code ok} (rows of a run that
 * died before writing that row are never visible), and per {@code (dataset, uri)} the row of the
 * newest such run: the latest {@code ended_at}, ties broken by the greater {@code run_id}.
 * {@code poses_latest} holds the poses of exactly the runs {@code images_latest} picked.
 */
public final class LatestViews {

  public static final String IMAGES_LATEST = "images_latest";
  public static final String POSES_LATEST = "poses_latest";

  private LatestViews() {}

  /** {@code run_id, ended_at} of the runs that committed. */
  public static Dataset<Row> okRuns(Dataset<Row> runs) {
    return runs.where(col("status").equalTo("ok")).select(col("run_id"), col("ended_at"));
  }

  /** One images row per (dataset, uri): the newest committed one. */
  public static Dataset<Row> imagesLatest(Dataset<Row> images, Dataset<Row> runs) {
    Dataset<Row> ok = okRuns(runs).withColumnRenamed("ended_at", "_run_ended_at");
    return images.join(ok, seq("run_id"), "inner")
        .withColumn("_rank", row_number().over(Window.partitionBy("dataset", "uri")
            .orderBy(col("_run_ended_at").desc(), col("run_id").desc())))
        .where(col("_rank").equalTo(1))
        .drop("_rank", "_run_ended_at");
  }

  /** The poses of the images rows {@link #imagesLatest} picked. */
  public static Dataset<Row> posesLatest(Dataset<Row> poses, Dataset<Row> imagesLatest) {
    return poses.join(imagesLatest.select("dataset", "uri", "run_id"),
        seq("dataset", "uri", "run_id"), "left_semi");
  }

  /** Registers {@code images_latest} and {@code poses_latest} as temporary views. */
  public static void register(SparkSession spark, Dataset<Row> images, Dataset<Row> poses,
      Dataset<Row> runs) {
    Dataset<Row> latest = imagesLatest(images, runs);
    latest.createOrReplaceTempView(IMAGES_LATEST);
    posesLatest(poses, latest).createOrReplaceTempView(POSES_LATEST);
  }

  static Seq<String> seq(String... names) {
    return JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}

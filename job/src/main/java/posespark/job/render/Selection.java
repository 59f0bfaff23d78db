package posespark.job.render;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which images to draw and which poses on them, as one row per image:
 * {@code uri, image_id, run_id, width, height, persons array<struct<bbox, pose_score, keypoints>>}.
 *
 * <p>"Its poses" are the run's confident poses (the {@code confident} column the scoring model sets),
 * or every candidate when asked; tables written before that column existed show every candidate.
 *
 * <ul>
 *   <li>a run: its images with status ok, each with its poses;
 *   <li>a query returning {@code uri}, {@code bbox} and {@code keypoints}: exactly the poses it returns
 *       (on any image, also one outside the tables);
 *   <li>a query returning {@code uri} (and optionally {@code run_id}): those images with all the poses
 *       of that run (of the latest successful run without {@code run_id}).
 * </ul>
 */
public final class Selection {

  private Selection() {}

  /** Images of run {@code runId} (status ok) with their poses, the first {@code limit} by uri. */
  public static Dataset<Row> ofRun(RunTables t, String runId, int limit, boolean candidates) {
    Dataset<Row> keys = t.images().where(col("run_id").equalTo(runId).and(col("status").equalTo("ok")))
        .select("uri", "run_id");
    return withPoses(t, keys, limit, candidates);
  }

  /** The given images of run {@code runId} with their poses. */
  public static Dataset<Row> ofUris(RunTables t, String runId, List<String> uris, boolean candidates) {
    Dataset<Row> keys = t.images().where(col("run_id").equalTo(runId).and(col("uri").isin(uris.toArray())))
        .select("uri", "run_id");
    return withPoses(t, keys, Math.max(1, uris.size()), candidates);
  }

  /** The images or poses a query over the views returns (see the class comment). */
  public static Dataset<Row> ofQuery(RunTables t, String sql, int limit, boolean candidates) {
    Dataset<Row> q = t.images().sparkSession().sql(sql);
    List<String> cols = Arrays.asList(q.columns());
    if (!cols.contains("uri")) {
      throw new IllegalArgumentException("-e: the query must return a uri column (e.g. SELECT uri FROM images "
          + "WHERE ...); it returned " + cols);
    }
    if (cols.contains("keypoints") && cols.contains("bbox")) {
      Column score = cols.contains("pose_score") ? col("pose_score") : lit(Double.NaN);
      Dataset<Row> grouped = q.groupBy("uri").agg(collect_list(
          struct(col("bbox"), score.cast("double").as("pose_score"), col("keypoints"))).as("persons"));
      Dataset<Row> sized = t.images().select("uri", "run_id", "image_id", "width", "height")
          .dropDuplicates("uri");
      return grouped.join(sized, new String[] {"uri"}, "left").select("uri", "image_id", "run_id", "width", "height", "persons")
          .orderBy("uri").limit(limit);
    }
    Dataset<Row> keys = cols.contains("run_id")
        ? q.select("uri", "run_id").distinct()
        : q.select("uri").distinct().withColumn("run_id", lit(t.latestRun()));
    return withPoses(t, keys, limit, candidates);
  }

  private static Dataset<Row> withPoses(RunTables t, Dataset<Row> keys, int limit, boolean candidates) {
    Dataset<Row> images = t.images().join(keys, new String[] {"uri", "run_id"}).select("uri", "image_id", "run_id",
        "width", "height").orderBy("uri").limit(limit);
    Dataset<Row> poses = t.poses();
    if (!candidates && Arrays.asList(poses.columns()).contains("confident")) {
      poses = poses.where(col("confident"));
    }
    Dataset<Row> persons = poses.groupBy("uri", "run_id").agg(collect_list(
        struct(col("bbox"), col("pose_score"), col("keypoints"))).as("persons"));
    return images.join(persons, new String[] {"uri", "run_id"}, "left")
        .select("uri", "image_id", "run_id", "width", "height", "persons").orderBy("uri");
  }
}

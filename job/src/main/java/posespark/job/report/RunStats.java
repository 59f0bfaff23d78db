package posespark.job.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import posespark.job.render.RunTables;
import posespark.models.keypoints.CocoKeypoints;

/**
 * The numbers of one run's report, computed with Spark over the tables: counts, errors by message,
 * persons per image, pose-score and per-keypoint visibility histograms, time per step.
 */
public final class RunStats {

  /** Persons-per-image bins: 0 .. LAST_PERSON_BIN - 1, then "LAST_PERSON_BIN+". */
  static final int LAST_PERSON_BIN = 10;

  private final Dataset<Row> images;
  private final Dataset<Row> poses;
  private final Row run;

  RunStats(RunTables t, String runId) {
    this.images = t.images().where(col("run_id").equalTo(runId)).cache();
    this.poses = t.poses().where(col("run_id").equalTo(runId)).cache();
    this.run = t.runs().where(col("run_id").equalTo(runId)).first();
  }

  /** The run's row of the runs table. */
  Row run() {
    return run;
  }

  Dataset<Row> images() {
    return images;
  }

  Dataset<Row> poses() {
    return poses;
  }

  /** images, ok, errors, persons. */
  long[] counts() {
    Row r = images.agg(count(lit(1)), sum(when(col("status").equalTo("ok"), 1).otherwise(0)),
        sum(when(col("status").equalTo("error"), 1).otherwise(0))).first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2),
        poses.count()};
  }

  /** Error message → images, most frequent first. */
  Map<String, Long> errorsByMessage(int top) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r : images.where(col("status").equalTo("error")).groupBy("error").count()
        .orderBy(desc("count"), col("error")).limit(top).collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
  }

  /** Images (status ok) with 0, 1, ..., {@value #LAST_PERSON_BIN}+ persons. */
  long[] personsPerImage() {
    long[] bins = new long[LAST_PERSON_BIN + 1];
    for (Row r : images.where(col("status").equalTo("ok"))
        .groupBy(least(col("num_persons"), lit(LAST_PERSON_BIN)).as("bin")).count().collectAsList()) {
      bins[r.getInt(0)] = r.getLong(1);
    }
    return bins;
  }

  /** Poses per pose-score tenth: [0, 0.1), ..., [0.9, 1.0]. */
  long[] poseScoreHistogram() {
    long[] bins = new long[10];
    Column bin = least(floor(col("pose_score").multiply(10)), lit(9)).cast("int");
    for (Row r : poses.where(col("pose_score").geq(0)).groupBy(bin.as("bin")).count().collectAsList()) {
      bins[r.getInt(0)] = r.getLong(1);
    }
    return bins;
  }

  /** Per COCO keypoint: the share of poses whose keypoint scores at least {@code minScore}. */
  double[] visibility(double minScore) {
    List<Column> shares = new ArrayList<>();
    for (int k = 0; k < CocoKeypoints.COUNT; k++) {
      shares.add(avg(when(element_at(col("keypoints"), k + 1).getField("score").geq(minScore), 1.0)
          .otherwise(0.0)));
    }
    Row r = poses.agg(shares.get(0), shares.subList(1, shares.size()).toArray(Column[]::new)).first();
    double[] out = new double[CocoKeypoints.COUNT];
    for (int k = 0; k < out.length; k++) {
      out[k] = r.isNullAt(k) ? Double.NaN : r.getDouble(k);
    }
    return out;
  }

  /** Step → {mean ms per image that has the step, total seconds}, steps by total time, largest first. */
  Map<String, double[]> timePerStep() {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Row r : images.select(explode(col("timings")).as(new String[] {"step", "ms"})).groupBy("step")
        .agg(avg("ms"), sum("ms").as("total")).orderBy(desc("total")).collectAsList()) {
      out.put(r.getString(0), new double[] {r.getDouble(1), r.getDouble(2) / 1000.0});
    }
    return out;
  }

  /** Image uris with persons, ordered by their best pose score: the {@code n} best, then the {@code n} worst. */
  List<List<String>> bestAndWorst(int n) {
    Dataset<Row> best = poses.groupBy("uri").agg(max("pose_score").as("best"));
    List<String> top = best.orderBy(desc("best"), col("uri")).limit(n).select("uri")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<String> bottom = best.orderBy(col("best"), col("uri")).limit(n).select("uri")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    return List.of(top, bottom);
  }
}

package posespark.job.table;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The one "latest row per {@code (dataset, uri)}" rule that every reader of the tables applies:
 * only rows of runs whose {@code runs} row says {@code ok} count (a run that died before writing
 * that row is never visible), and per {@code (dataset, uri)} the row of the newest such run wins:
 * the latest {@code ended_at}, ties broken by the greater {@code run_id}.
 */
public final class LatestRows {

  private LatestRows() {}

  /** {@code run_id, ended_at} of the runs that committed. */
  public static Dataset<Row> okRuns(Dataset<Row> runs) {
    return runs.where(col("status").equalTo("ok"))
        .select(col("run_id"), col("ended_at"));
  }

  /** One images row per {@code (dataset, uri)}: the newest committed one. */
  public static Dataset<Row> latestImages(Dataset<Row> images, Dataset<Row> runs) {
    Dataset<Row> ok = okRuns(runs).withColumnRenamed("ended_at", "_run_ended_at");
    return images.join(ok, seq("run_id"), "inner")
        .withColumn("_rank", row_number().over(Window.partitionBy("dataset", "uri")
            .orderBy(col("_run_ended_at").desc(), col("run_id").desc())))
        .where(col("_rank").equalTo(1))
        .drop("_rank", "_run_ended_at");
  }

  /**
   * The rows of {@code table} (poses or images, columns unchanged) whose
   * {@code (dataset, uri, run_id)} is one that {@link #latestImages} picked.
   */
  public static Dataset<Row> keepPicked(Dataset<Row> table, Dataset<Row> latestImages) {
    return table.join(latestImages.select("dataset", "uri", "run_id"),
        seq("dataset", "uri", "run_id"), "left_semi");
  }

  private static Seq<String> seq(String... names) {
    return JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}

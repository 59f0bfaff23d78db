package posespark.job.render;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The plain Parquet tables under an annotate {@code --output} folder, registered as the temporary
 * views {@code poses}, {@code images} and {@code runs} (every run; {@link #latestRun} picks one).
 */
public final class RunTables {

  private final SparkSession spark;
  private final String dir;
  private final Map<String, Dataset<Row>> tables = new HashMap<>();

  private RunTables(SparkSession spark, String dir) {
    this.spark = spark;
    this.dir = dir;
  }

  /** Opens DIR's tables; a missing table is a one-line {@link IllegalArgumentException}. */
  public static RunTables open(SparkSession spark, String dir) {
    RunTables t = new RunTables(spark, dir.replaceAll("/+$", ""));
    for (String table : List.of("runs", "images", "poses")) {
      if (!t.exists(table)) {
        throw new IllegalArgumentException(String.format("--tables %s: no %s table there (expected %s/%s, "
            + "as written by submit/annotate --output %s)", dir, table, t.dir, table, dir));
      }
      Dataset<Row> df = spark.read().parquet(t.dir + "/" + table);
      df.createOrReplaceTempView(table);
      t.tables.put(table, df); // this folder's tables, even after another open() takes the view names
    }
    return t;
  }

  private boolean exists(String table) {
    try {
      Path p = new Path(dir + "/" + table);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + dir, e);
    }
  }

  public String dir() {
    return dir;
  }

  public Dataset<Row> poses() {
    return tables.get("poses");
  }

  public Dataset<Row> images() {
    return tables.get("images");
  }

  public Dataset<Row> runs() {
    return tables.get("runs");
  }

  /** The run to show: {@code requested} when it exists, else the last run that succeeded. */
  public String run(String requested) {
    if (requested != null) {
      if (runs().where(col("run_id").equalTo(requested)).isEmpty()) {
        List<String> known = runs().orderBy(desc("ended_at")).select("run_id").limit(5).as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList();
        throw new IllegalArgumentException("--run " + requested + ": no such run in " + dir + "/runs (latest: "
            + String.join(", ", known) + ")");
      }
      return requested;
    }
    return latestRun();
  }

  /** The id of the last run with status ok (by end time). */
  public String latestRun() {
    List<Row> last = runs().where(col("status").equalTo("ok")).orderBy(desc("ended_at")).select("run_id")
        .limit(1).collectAsList();
    if (last.isEmpty()) {
      throw new IllegalArgumentException(dir + "/runs: no successful run to show");
    }
    return last.get(0).getString(0);
  }
}

package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where a nightly run reads and commits the {@code poses}, {@code images} and {@code runs} tables:
 * plain Parquet folders ({@link ParquetNightlyTables}) or Iceberg tables
 * ({@link IcebergNightlyTables}). Both commit a run in the same order, poses, images, then its
 * {@code runs} row; readers ({@link LatestViews}) and the plan see a run's rows only once that
 * row says {@code ok}, so a run that dies between commits leaves nothing visible, and the next run
 * rolls its rows back ({@link #rollBack}).
 */
interface NightlyTables {

  /** The tables' location, for messages. */
  String location();

  /** All rows of {@code table} in {@code schema} (columns it lacks read as null); empty if absent. */
  Dataset<Row> read(String table, StructType schema);

  /** Removes the rows a run committed to poses and images before it died. */
  void rollBack(String runId);

  /**
   * Commits a finished run: poses, images, then the runs row (the commit point). Pauses at
   * {@code committed-poses} and {@code committed-images} for fault tests.
   */
  void commit(String runId, String configDigest, Dataset<Row> images, Dataset<Row> poses,
      Dataset<Row> runRow, RunLock lock) throws Exception;

  /** Commits only a runs row (a failed or refused run's receipt, a dead run's record). */
  void appendRun(String runId, String configDigest, Dataset<Row> runRow);

  /** {@code df} with exactly {@code schema}'s columns, in order; missing ones null. */
  static Dataset<Row> conform(Dataset<Row> df, StructType schema) {
    List<String> have = Arrays.asList(df.columns());
    Column[] cols = new Column[schema.fields().length];
    for (int i = 0; i < cols.length; i++) {
      StructField f = schema.fields()[i];
      if (!have.contains(f.name())) {
        cols[i] = lit(null).cast(f.dataType()).as(f.name());
      } else if (df.schema().apply(f.name()).dataType().catalogString()
          .equals(f.dataType().catalogString())) {
        cols[i] = col(f.name()); // same type up to nullability, which a cast cannot change
      } else {
        cols[i] = col(f.name()).cast(f.dataType()).as(f.name());
      }
    }
    return df.select(cols);
  }
}

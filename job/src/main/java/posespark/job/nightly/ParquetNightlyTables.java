package posespark.job.nightly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.annotate.PausePoints;
import posespark.job.table.PoseTables;
import posespark.job.table.RunCommitter;
import posespark.job.table.RunsTable;

/**
 * Nightly runs into today's plain Parquet layout ({@code OUTPUT/<table>/dataset=/run_date=/run_id=}),
 * committed by {@link RunCommitter}'s one folder rename per table. Older partitions written
 * without a column read it as null (Parquet schema merging).
 */
final class ParquetNightlyTables implements NightlyTables {

  private static final Logger LOG = LoggerFactory.getLogger(ParquetNightlyTables.class);

  private final SparkSession spark;
  private final String output;
  private final String dataset;
  private final String runDate;

  ParquetNightlyTables(SparkSession spark, String output, String dataset, String runDate) {
    this.spark = spark;
    this.output = output;
    this.dataset = dataset;
    this.runDate = runDate;
  }

  @Override
  public String location() {
    return output;
  }

  @Override
  public Dataset<Row> read(String table, StructType schema) {
    Path dir = new Path(output, table);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] parts = fs.globStatus(new Path(dir, "dataset=*/run_date=*/run_id=*/*.parquet"));
      if (parts == null || parts.length == 0) {
        return spark.createDataFrame(List.of(), schema);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return NightlyTables.conform(spark.read().option("mergeSchema", "true").parquet(dir.toString()),
        schema);
  }

  @Override
  public void rollBack(String runId) {
    try {
      FileSystem fs = new Path(output).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String table : List.of("poses", "images")) {
        FileStatus[] parts = fs.globStatus(new Path(output, table + "/dataset=*/run_date=*/run_id="
            + runId));
        for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
          LOG.warn("rolling back {} of run {}: {}", table, runId, part.getPath());
          fs.delete(part.getPath(), true);
        }
      }
      fs.delete(new Path(output, "_staging/" + runId), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot roll back run " + runId + " in " + output, e);
    }
  }

  @Override
  public void commit(String runId, String configDigest, Dataset<Row> images, Dataset<Row> poses,
      Dataset<Row> runRow, RunLock lock) throws Exception {
    RunCommitter committer = committer(runId);
    try {
      stage(images, committer, "images");
      stage(poses, committer, "poses");
      stage(runRow, committer, RunsTable.NAME);
      lock.checkHeld();
      committer.commit("poses");
      PausePoints.reach(PausePoints.committed("poses"));
      committer.commit("images");
      PausePoints.reach(PausePoints.committed("images"));
      committer.commit(RunsTable.NAME);
    } finally {
      committer.cleanUp();
    }
  }

  @Override
  public void appendRun(String runId, String configDigest, Dataset<Row> runRow) {
    // A dead run's row may belong to another dataset or date than this run's.
    Row where = runRow.select("dataset", "run_date").first();
    RunCommitter committer = new RunCommitter(spark.sparkContext().hadoopConfiguration(), output,
        where.getString(0), where.getString(1), runId);
    try {
      stage(runRow, committer, RunsTable.NAME);
      committer.commit(RunsTable.NAME);
    } finally {
      committer.cleanUp();
    }
  }

  private RunCommitter committer(String runId) {
    return new RunCommitter(spark.sparkContext().hadoopConfiguration(), output, dataset, runDate,
        runId);
  }

  private static void stage(Dataset<Row> rows, RunCommitter committer, String table) {
    // On object stores the committer publishes one object per table and run.
    committer.forStaging(rows).write().mode(SaveMode.ErrorIfExists).partitionBy(PoseTables.PARTITIONS)
        .parquet(committer.stagingTable(table));
  }
}

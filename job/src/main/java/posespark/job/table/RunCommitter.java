package posespark.job.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run's tables visible all at once, or not at all. Each table is first written by Spark's
 * Parquet writer under {@code OUTPUT/_staging/<run_id>/<table>} (a folder readers skip: names
 * starting with {@code _} are hidden from Spark and from {@code OUTPUT/<table>} globs); the commit
 * then moves the run's leaf partition {@code dataset=D/run_date=R/run_id=I} into
 * {@code OUTPUT/<table>/}, per table, in the way of {@link CommitMode}: one folder rename (HDFS,
 * local disks), or on object stores one single-object copy of the partition's one file. A failed
 * run deletes its staging folder and leaves the tables as they were.
 */
public final class RunCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);

  private final Path output;
  private final String partitionPath;
  private final Path staging;
  private final FileSystem fs;
  private final CommitMode mode;

  public RunCommitter(Configuration conf, String output, String dataset, String runDate,
      String runId) {
    this.output = new Path(output);
    this.partitionPath = "dataset=" + dataset + "/run_date=" + runDate + "/run_id=" + runId;
    this.staging = new Path(this.output, "_staging/" + runId);
    try {
      this.fs = this.output.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + output, e);
    }
    this.mode = CommitMode.of(fs, conf);
  }

  public CommitMode mode() {
    return mode;
  }

  /**
   * A table as it must be staged: on object stores, in one partition so that the run's part of
   * the table is one file (published whole by {@link #commit}).
   */
  public Dataset<Row> forStaging(Dataset<Row> table) {
    return mode == CommitMode.SINGLE_OBJECT ? table.coalesce(1) : table;
  }

  /** Where Spark writes {@code table} (partitioned) before the commit. */
  public String stagingTable(String table) {
    return new Path(staging, table).toString();
  }

  /** A scratch folder inside the run's staging area (deleted with it). */
  public String scratch(String name) {
    return new Path(staging, name).toString();
  }

  /** The committed location of the run's partition of {@code table}. */
  public Path committed(String table) {
    return new Path(new Path(output, table), partitionPath);
  }

  /** Moves the run's staged partition of {@code table} into place. */
  public void commit(String table) {
    Path from = new Path(new Path(staging, table), partitionPath);
    Path to = committed(table);
    try {
      if (!fs.exists(from)) {
        // Spark writes no partition folder for an empty table: create an empty one.
        fs.mkdirs(to);
        return;
      }
      if (mode == CommitMode.SINGLE_OBJECT) {
        publishSingleFile(from, to);
      } else {
        fs.mkdirs(to.getParent());
        if (!fs.rename(from, to)) {
          throw new IOException("rename " + from + " -> " + to + " failed");
        }
      }
      LOG.info("committed {} ({})", to, mode);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit table " + table + " of this run: "
          + e.getMessage(), e);
    }
  }

  /** Object stores: the partition's one data file, copied as one object (visible whole or not). */
  private void publishSingleFile(Path from, Path to) throws IOException {
    FileStatus[] files = fs.listStatus(from, p -> !p.getName().startsWith("_")
        && !p.getName().startsWith("."));
    if (files.length != 1 || !files[0].isFile()) {
      throw new IOException("staged " + from + " holds " + files.length + " entries where an "
          + "object store commit needs exactly one file (is spark.sql.files.maxRecordsPerFile set?)");
    }
    Path target = new Path(to, files[0].getPath().getName());
    fs.mkdirs(to);
    if (!fs.rename(files[0].getPath(), target)) {
      throw new IOException("copy " + files[0].getPath() + " -> " + target + " failed");
    }
  }

  /** Deletes the run's staging folder (after a commit, or to abandon a failed run). */
  public void cleanUp() {
    try {
      fs.delete(staging, true);
      Path stagingRoot = staging.getParent();
      if (fs.exists(stagingRoot) && fs.listStatus(stagingRoot).length == 0) {
        fs.delete(stagingRoot, false);
      }
    } catch (IOException e) {
      LOG.warn("could not delete staging folder {}: {}", staging, e.toString());
    }
  }
}

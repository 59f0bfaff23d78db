package posespark.job.table;

import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * How a run's staged table partition becomes visible, chosen from the output's file system.
 *
 * <p>HDFS and local disks rename a folder atomically, so a run's partition (any number of files)
 * appears with one rename. Object stores (S3 through s3a, GCS, Azure Blob through wasb, ...) have
 * no folders: a "rename" copies and deletes object by object, so readers could see half a run, and
 * a crash could leave it half copied. There a run's partition of each table is staged as exactly
 * one Parquet file and published with one single-object copy, which the store makes visible whole
 * or not at all.
 *
 * <p>The Hadoop setting {@value #ATOMIC_RENAME_KEY} ({@code true}/{@code false}; Spark:
 * {@code spark.hadoop.posespark.commit.atomic-rename}) overrides the choice for stores not listed
 * here.
 */
public enum CommitMode {
  /** One folder rename per table: atomic on HDFS and local file systems. */
  FOLDER_RENAME,
  /** One file per table and run, published by a single-object copy: for object stores. */
  SINGLE_OBJECT;

  public static final String ATOMIC_RENAME_KEY = "posespark.commit.atomic-rename";

  /** Schemes of Hadoop connectors to object stores whose folder rename is a copy + delete. */
  static final Set<String> OBJECT_STORE_SCHEMES =
      Set.of("s3a", "s3", "s3n", "gs", "oss", "cosn", "obs", "wasb", "wasbs");

  /** Whether URIs of this scheme name an object store (no atomic rename or create-if-absent). */
  public static boolean isObjectStore(String scheme) {
    return scheme != null && OBJECT_STORE_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT));
  }

  static CommitMode of(FileSystem fs, Configuration conf) {
    String forced = conf.getTrimmed(ATOMIC_RENAME_KEY);
    if (forced != null && !forced.isEmpty()) {
      if (!forced.equalsIgnoreCase("true") && !forced.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException(ATOMIC_RENAME_KEY + " must be true or false, not '"
            + forced + "'");
      }
      return Boolean.parseBoolean(forced) ? FOLDER_RENAME : SINGLE_OBJECT;
    }
    String scheme = fs.getScheme().toLowerCase(Locale.ROOT);
    return OBJECT_STORE_SCHEMES.contains(scheme) ? SINGLE_OBJECT : FOLDER_RENAME;
  }
}

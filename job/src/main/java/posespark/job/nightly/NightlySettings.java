package posespark.job.nightly;

import java.time.Duration;
import org.apache.hadoop.fs.Path;
import posespark.job.annotate.AnnotateSettings;
import posespark.job.table.CommitMode;

/**
 * A resolved nightly run.
 *
 * @param annotate     the annotate settings (input, pipeline, dataset, run date, ...)
 * @param iceberg      the Iceberg catalog, or null for plain Parquet under {@code annotate.output()}
 * @param stateDir     folder of the run lock and scratch files; on an object store only when the
 *                     user accepted its non-atomic lock ({@code --allow-object-store-lock})
 * @param planOnly     only print the plan
 * @param contentHash  fingerprint files by SHA-256 too
 * @param reprocessIfModelsChanged annotate again rows that came from other models
 * @param lease        how long a lock outlives its holder's last heartbeat
 */
record NightlySettings(AnnotateSettings annotate, IcebergCatalog iceberg, String stateDir,
    boolean planOnly, boolean contentHash, boolean reprocessIfModelsChanged, Duration lease) {

  /**
   * Refuses what needs an atomic rename or create-if-absent on an object store: a Hadoop catalog's
   * commit, and the run lock (in --state-dir, by default --output or under --warehouse) unless the
   * user accepts it with --allow-object-store-lock.
   */
  static void checkObjectStores(NightlyCommand cli) {
    if (cli.warehouse != null && "hadoop".equals(cli.catalog) && onObjectStore(cli.warehouse)) {
      throw new IllegalArgumentException("--catalog hadoop commits by renaming a metadata file, "
          + "which is not atomic on " + scheme(cli.warehouse) + "://; use --catalog jdbc, rest "
          + "or hive for a warehouse on an object store");
    }
    String lockDir = cli.stateDir != null ? cli.stateDir
        : cli.warehouse != null ? cli.warehouse : cli.output();
    if (lockDir != null && onObjectStore(lockDir) && !cli.allowObjectStoreLock) {
      throw new IllegalArgumentException("the run lock in " + lockDir + " would not be atomic ("
          + scheme(lockDir) + ":// has no create-if-absent); give --state-dir on HDFS or a "
          + "shared disk, or --allow-object-store-lock if the scheduler alone prevents overlapping "
          + "runs");
    }
  }

  /** Whether {@code uri} names an object store, whose files cannot be created exclusively. */
  static boolean onObjectStore(String uri) {
    return CommitMode.isObjectStore(scheme(uri));
  }

  private static String scheme(String uri) {
    return new Path(uri).toUri().getScheme();
  }

  /** Resolves and checks the command line; one-line {@link IllegalArgumentException}s. */
  static NightlySettings resolve(NightlyCommand cli) {
    String format = cli.format != null ? cli.format : cli.warehouse != null ? "iceberg" : "parquet";
    IcebergCatalog iceberg = null;
    String stateDir = cli.stateDir;
    switch (format) {
      case "parquet" -> {
        if (cli.warehouse != null) {
          throw new IllegalArgumentException("--warehouse needs --format iceberg");
        }
        if (cli.output() == null) {
          throw new IllegalArgumentException("--output DIR (Parquet) or --warehouse URI (Iceberg) "
              + "is required");
        }
      }
      case "iceberg" -> {
        if (cli.warehouse == null) {
          throw new IllegalArgumentException("--format iceberg needs --warehouse URI");
        }
        if (cli.output() != null) {
          throw new IllegalArgumentException("--output is for Parquet tables; Iceberg tables go "
              + "to --warehouse");
        }
        iceberg = new IcebergCatalog(cli.catalog, cli.warehouse, cli.namespace);
        if (stateDir == null && !cli.catalog.equals("hadoop")) {
          throw new IllegalArgumentException("--catalog " + cli.catalog
              + " needs --state-dir URI (a folder for the run lock and scratch files)");
        }
        if (stateDir == null) {
          stateDir = cli.warehouse.replaceAll("/+$", "") + "/_posespark/" + cli.namespace;
        }
        cli.output(cli.warehouse);
      }
      default -> throw new IllegalArgumentException("--format must be parquet or iceberg, not '"
          + format + "'");
    }
    checkObjectStores(cli);
    AnnotateSettings annotate = cli.resolve();
    if (annotate.refineInput() != null) {
      throw new IllegalArgumentException("--refine-input is for one annotate run, not for nightly runs");
    }
    if (stateDir == null) {
      stateDir = annotate.output();
    }
    Duration lease = cli.config().getDuration("posespark.nightly.lease");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("nightly.lease must be positive, not " + lease);
    }
    return new NightlySettings(annotate, iceberg, stateDir, cli.planOnly, cli.contentHash,
        cli.reprocessIfModelsChanged, lease);
  }
}

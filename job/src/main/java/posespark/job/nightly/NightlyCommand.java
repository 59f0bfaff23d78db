package posespark.job.nightly;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.job.annotate.AnnotateCommand;

/** The {@code submit/nightly} command line: every annotate option, plus where and how to add. */
@Command(name = "nightly", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Annotates only the images of --input not yet in the tables (new or changed since "
        + "their last run), then commits them exactly once: plain Parquet under --output, or "
        + "Iceberg tables with --format iceberg --warehouse URI.")
final class NightlyCommand extends AnnotateCommand {

  @Option(names = "--format", paramLabel = "parquet|iceberg",
      description = "Table format (default parquet with --output, iceberg with --warehouse).")
  String format;

  @Option(names = "--warehouse", paramLabel = "URI",
      description = "Iceberg warehouse (a path on any Hadoop file system for --catalog hadoop).")
  String warehouse;

  @Option(names = "--catalog", paramLabel = "hadoop|jdbc|rest|hive", defaultValue = "hadoop",
      description = "Iceberg catalog type (default hadoop: no server, HDFS or local paths only; "
          + "jdbc, rest or hive for object stores).")
  String catalog;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = "default",
      description = "Iceberg namespace of the poses, images and runs tables (default 'default').")
  String namespace;

  @Option(names = "--state-dir", paramLabel = "URI",
      description = "Folder for the run lock and scratch files (default: --output, or "
          + "WAREHOUSE/_posespark/NS).")
  String stateDir;

  @Option(names = "--allow-object-store-lock",
      description = "Accept a --state-dir on an object store (s3a://, gs://, ...), where the run "
          + "lock is not created atomically: only when the scheduler alone guarantees one run at "
          + "a time.")
  boolean allowObjectStoreLock;

  @Option(names = "--plan-only", description = "Print new=N known=M changed=K and exit.")
  boolean planOnly;

  @Option(names = "--content-hash",
      description = "Compare files by SHA-256 of their bytes too (reads every file), for sources "
          + "whose modification times cannot be trusted.")
  boolean contentHash;

  @Option(names = "--reprocess-if-models-changed",
      description = "Annotate again the images whose rows came from other models.")
  boolean reprocessIfModelsChanged;
}

package posespark.job.table;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.annotate.AnnotateSettings;
import posespark.job.annotate.RunSummary;
import scala.collection.JavaConverters;

/** The {@code runs} table: one row per annotate run, written last (it is the run's receipt). */
public final class RunsTable {

  public static final String NAME = "runs";

  private static final Logger LOG = LoggerFactory.getLogger(RunsTable.class);

  public static final StructType SCHEMA = new StructType()
      .add("started_at", DataTypes.TimestampType, false,
          PoseTables.versionMetadata(NAME))
      .add("ended_at", DataTypes.TimestampType, false)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true)
      .add("input", DataTypes.StringType, false)
      .add("boxes", DataTypes.StringType, false)
      .add("models", DataTypes.StringType, false)
      .add("config_digest", DataTypes.StringType, false)
      .add("model_digests", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
          false)
      .add("images", DataTypes.LongType, true)
      .add("images_error", DataTypes.LongType, true)
      .add("persons", DataTypes.LongType, true)
      .add("wall_seconds", DataTypes.DoubleType, false)
      .add("pipeline_seconds", DataTypes.DoubleType, true)
      .add("spark_app_id", DataTypes.StringType, false)
      .add("dataset", DataTypes.StringType, false)
      .add("run_date", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false);

  private final SparkSession spark;
  private final AnnotateSettings settings;
  private final String runId;
  private final Instant started;
  private final String modelsId;
  private final Map<String, String> modelDigests;

  public RunsTable(SparkSession spark, AnnotateSettings settings, String runId, Instant started,
      String modelsId, Map<String, String> modelDigests) {
    this.modelsId = modelsId;
    this.spark = spark;
    this.settings = settings;
    this.runId = runId;
    this.started = started;
    this.modelDigests = modelDigests;
  }

  /** Stages the run's row; the caller commits it. */
  public void write(RunCommitter committer, RunSummary summary, String status, String error) {
    row(summary, status, error).write().mode(SaveMode.ErrorIfExists)
        .partitionBy(PoseTables.PARTITIONS).parquet(committer.stagingTable(NAME));
  }

  /** The run's row ({@link #SCHEMA}) with the given outcome; {@code summary} null when failed. */
  public Dataset<Row> row(RunSummary summary, String status, String error) {
    Row row = RowFactory.create(Timestamp.from(started), Timestamp.from(Instant.now()), status,
        error, settings.input(), settings.boxes().name().toLowerCase(java.util.Locale.ROOT)
            + (settings.boxesFile() == null ? "" : ":" + settings.boxesFile()),
        modelsId, settings.configDigest(),
        JavaConverters.mapAsScalaMap(modelDigests),
        summary == null ? null : summary.images(), summary == null ? null : summary.errors(),
        summary == null ? null : summary.persons(),
        (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0,
        summary == null ? null : summary.pipelineSeconds(),
        spark.sparkContext().applicationId(), settings.dataset(), settings.runDate().toString(),
        runId);
    return spark.createDataFrame(List.of(row), SCHEMA).coalesce(1);
  }

  /** Best effort: a failed run still leaves a receipt saying why (its other tables stay hidden). */
  public void recordFailure(RunCommitter committer, Throwable failure) {
    try {
      write(committer, null, "failed", describe(failure));
      committer.commit(NAME);
    } catch (RuntimeException e) {
      LOG.warn("could not record the failed run {}: {}", runId, e.toString());
    }
  }

  /** A failure as the runs table's {@code error}: exception class and first line of its message. */
  public static String describe(Throwable failure) {
    String reason = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
    return failure.getClass().getSimpleName() + ": " + reason;
  }
}

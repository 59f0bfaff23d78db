package posespark.job.annotate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.table.PoseTables;

/**
 * One inference pass: spreads {@code (image_id, uri, boxes)} rows over partitions, annotates them
 * on the executors ({@link PartitionAnnotator}) and writes the per-image results
 * ({@link PoseTables#RESULT}) once to a scratch folder, from which the tables are projected.
 * Shared by the annotate job and the nightly job.
 */
public final class AnnotationPass {

  private static final Logger LOG = LoggerFactory.getLogger("posespark.annotate");

  private final SparkSession spark;
  private final TaskSettings task;
  private final int imagesPerPartition;
  private final Duration progressInterval;

  public AnnotationPass(SparkSession spark, AnnotateSettings settings) {
    this.spark = spark;
    this.task = settings.task();
    this.imagesPerPartition = settings.imagesPerPartition();
    this.progressInterval = settings.progressInterval();
  }

  /**
   * What the pass produced.
   *
   * @param stored          the results read back from the scratch folder
   * @param annotateSeconds wall time of the annotation stage
   * @param pipelineSeconds time inside the pose pipeline, summed over tasks
   * @param inference       the inference stage's tasks as the scheduler timed them
   */
  public record Result(Dataset<Row> stored, double annotateSeconds, double pipelineSeconds,
      StageTimes inference) {

    /** The run's summary, counted from the data (accumulators can count a retried task twice). */
    public RunSummary summary(String runId, long startNanos) {
      Row counts = stored.agg(sum(lit(1L)),
          sum(when(col("status").equalTo(PoseTables.STATUS_ERROR), 1L).otherwise(0L)),
          sum(col("num_persons").cast(DataTypes.LongType))).first();
      Map<String, Double> steps = new TreeMap<>();
      for (Row r : stored.select(explode(col("timings"))).groupBy("key").agg(sum("value"))
          .collectAsList()) {
        steps.put(r.getString(0), r.getDouble(1) / 1000.0);
      }
      long images = counts.isNullAt(0) ? 0 : counts.getLong(0);
      return new RunSummary(runId, images, counts.isNullAt(1) ? 0 : counts.getLong(1),
          counts.isNullAt(2) ? 0 : counts.getLong(2), (System.nanoTime() - startNanos) / 1e9,
          annotateSeconds, pipelineSeconds, steps);
    }
  }

  /** Annotates {@code total} input rows into {@code scratch} (which must not exist yet). */
  public Result run(Dataset<Row> inputs, long total, String scratch, String runId) {
    int defaultParallelism = spark.sparkContext().defaultParallelism();
    int partitions = (int) Math.max(1, Math.max(Math.min(total, defaultParallelism),
        (total + imagesPerPartition - 1) / imagesPerPartition));
    LOG.info("{} images in {} partitions, run {}", total, partitions, runId);

    AnnotateCounters counters = new AnnotateCounters(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    PartitionAnnotator annotator = new PartitionAnnotator(task, conf, counters);
    Dataset<Row> partitioned = EvenPartitions.spread(spark, inputs, partitions);
    Optional<ResourceProfile> gpuStage = InferenceResources.profile(spark.sparkContext().conf());
    // Stage-level resources exist on RDDs only (Spark 3.5): the inference stage becomes one.
    Dataset<Row> results = gpuStage.isEmpty()
        ? partitioned.mapPartitions(annotator, Encoders.row(PoseTables.RESULT))
        : spark.createDataFrame(partitioned.toJavaRDD()
            .mapPartitions(annotator::call).withResources(gpuStage.get()), PoseTables.RESULT);

    long a0 = System.nanoTime();
    LiveCounters live = new LiveCounters(counters);
    InferenceStageTimes stage = new InferenceStageTimes(counters);
    spark.sparkContext().addSparkListener(live);
    spark.sparkContext().addSparkListener(stage);
    try (ProgressReporter progress = new ProgressReporter(counters, live, total, progressInterval)) {
      results.write().mode(SaveMode.ErrorIfExists).parquet(scratch);
      LOG.info(progress.finalLine());
    } finally {
      spark.sparkContext().removeSparkListener(live);
      awaitListenerEvents();
      spark.sparkContext().removeSparkListener(stage);
    }
    double annotateSeconds = (System.nanoTime() - a0) / 1e9;
    StageTimes inference = stage.times();
    LOG.info("{} job_wall_s={}", inference.line(),
        String.format(Locale.ROOT, "%.1f", annotateSeconds));
    return new Result(spark.read().parquet(scratch), annotateSeconds, counters.pipelineSeconds(),
        inference);
  }

  /**
   * Task-end events reach listeners asynchronously; the stage's times are read once the bus has
   * delivered them (Spark's own wait, bounded at 10 s; a busier bus leaves the times partial).
   */
  private void awaitListenerEvents() {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (Exception e) {
      LOG.warn("listener events still queued; inference stage times may miss tasks: {}",
          e.toString());
    }
  }
}

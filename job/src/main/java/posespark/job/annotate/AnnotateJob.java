package posespark.job.annotate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceProfile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.source.ImageSources;
import posespark.job.source.PersonBoxes;
import posespark.job.table.CocoResultsWriter;
import posespark.job.table.PoseTables;
import posespark.job.table.RunCommitter;
import posespark.job.table.RunsTable;

/**
 * The annotate job on the driver: list the inputs, join given boxes, spread the images over
 * partitions, annotate them on the executors in one pass ({@link PartitionAnnotator}), then write
 * the images, poses and runs tables and commit them together ({@link RunCommitter}).
 */
public final class AnnotateJob {

  private static final Logger LOG = LoggerFactory.getLogger("posespark.annotate");
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("'r'yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SparkSession spark;
  private final AnnotateSettings settings;

  public AnnotateJob(SparkSession spark, AnnotateSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Runs the job; tables become visible only if it succeeds. */
  public RunSummary run() throws Exception {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    String runId = RUN_ID.format(started) + "-"
        + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunCommitter committer = new RunCommitter(hadoop, settings.output(), settings.dataset(),
        settings.runDate().toString(), runId);
    PipelineFactory factory = PipelineFactories.load(settings.task().pipeline().factoryClass());
    String modelsId = factory.modelsId(settings.task().pipeline());
    RunsTable runs = new RunsTable(spark, settings, runId, started, modelsId,
        modelDigests(factory));
    try {
      RunSummary summary = annotate(runId, modelsId, committer, t0);
      LOG.info(summary.stepsLine());
      runs.write(committer, summary, "ok", null);
      committer.commit(RunsTable.NAME);
      if (settings.cocoResults() != null) {
        long n = CocoResultsWriter.write(spark.read().parquet(committer.committed("poses").toString()),
            settings.cocoResults(), hadoop);
        LOG.info("wrote {} COCO keypoint results to {}", n, settings.cocoResults());
      }
      return summary;
    } catch (Exception | Error e) {
      LOG.error("annotate run {} failed: {}", runId, e.toString());
      runs.recordFailure(committer, e);
      throw e;
    } finally {
      committer.cleanUp();
    }
  }

  private RunSummary annotate(String runId, String modelsId, RunCommitter committer, long t0) {
    Dataset<Row> inputs = withBoxes(ImageSources.open(spark, settings.input(), settings.imageRoot()));
    long total = inputs.count();
    if (total == 0) {
      throw new IllegalArgumentException("no input images found in " + settings.input());
    }
    int defaultParallelism = spark.sparkContext().defaultParallelism();
    int partitions = (int) Math.max(Math.min(total, defaultParallelism),
        (total + settings.imagesPerPartition() - 1) / settings.imagesPerPartition());
    LOG.info("{} images in {} partitions, run {}", total, partitions, runId);

    AnnotateCounters counters = new AnnotateCounters(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    PartitionAnnotator annotator = new PartitionAnnotator(settings.task(), conf, counters);
    Dataset<Row> partitioned = inputs.repartition(partitions);
    Optional<ResourceProfile> gpuStage = InferenceResources.profile(spark.sparkContext().conf());
    // Stage-level resources exist on RDDs only (Spark 3.5): the inference stage becomes one.
    Dataset<Row> results = gpuStage.isEmpty()
        ? partitioned.mapPartitions(annotator, Encoders.row(PoseTables.RESULT))
        : spark.createDataFrame(partitioned.toJavaRDD()
            .mapPartitions(annotator::call).withResources(gpuStage.get()), PoseTables.RESULT);

    // One inference pass into staging; both tables are projections of it.
    String annotated = committer.scratch("annotated");
    long a0 = System.nanoTime();
    LiveCounters live = new LiveCounters(counters);
    spark.sparkContext().addSparkListener(live);
    try (ProgressReporter progress = new ProgressReporter(counters, live, total,
        settings.progressInterval())) {
      results.write().mode(SaveMode.ErrorIfExists).parquet(annotated);
      LOG.info(progress.finalLine());
    } finally {
      spark.sparkContext().removeSparkListener(live);
    }
    double annotateSeconds = (System.nanoTime() - a0) / 1e9;
    Dataset<Row> stored = spark.read().parquet(annotated);

    Column[] partitionValues = {lit(settings.dataset()).as("dataset"),
        lit(settings.runDate().toString()).as("run_date"), lit(runId).as("run_id")};
    Dataset<Row> images = stored.select(concat(new Column[] {
        col("image_id").as("image_id", PoseTables.versionMetadata("images")), col("uri"),
        col("width"), col("height"), col("status"), col("error"), col("num_persons"),
        col("timings")}, partitionValues));
    Dataset<Row> poses = stored.where(col("num_persons").gt(0))
        .select(col("image_id"), col("uri"), explode(col("persons")).as("p"))
        .select(concat(new Column[] {
            col("image_id").as("image_id", PoseTables.versionMetadata("poses")), col("uri"),
            col("p.person_index"), col("p.bbox"), col("p.box_score"), col("p.pose_score"),
            col("p.keypoints"), col("p.area"),
            lit(modelsId).as("models")}, partitionValues));
    write(images, committer.stagingTable("images"));
    write(poses, committer.stagingTable("poses"));

    // Counts from the data, not the accumulators (which a retried task can count twice).
    Row counts = stored.agg(sum(lit(1L)), sum(when(col("status").equalTo(PoseTables.STATUS_ERROR), 1L)
        .otherwise(0L)), sum(col("num_persons").cast(DataTypes.LongType))).first();
    Map<String, Double> steps = new TreeMap<>();
    for (Row r : stored.select(explode(col("timings"))).groupBy("key").agg(sum("value"))
        .collectAsList()) {
      steps.put(r.getString(0), r.getDouble(1) / 1000.0);
    }
    committer.commit("images");
    committer.commit("poses");
    return new RunSummary(runId, counts.getLong(0), counts.getLong(1),
        counts.isNullAt(2) ? 0 : counts.getLong(2), (System.nanoTime() - t0) / 1e9,
        annotateSeconds, counters.pipelineSeconds(), steps);
  }

  /** Model digests from the pipeline factory (on the driver); empty if it cannot tell. */
  private java.util.Map<String, String> modelDigests(PipelineFactory factory) {
    try {
      return factory.modelDigests(settings.task().pipeline());
    } catch (RuntimeException e) {
      LOG.warn("model digests unavailable: {}", e.toString());
      return java.util.Map.of();
    }
  }

  private static Column[] concat(Column[] a, Column[] b) {
    Column[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private Dataset<Row> withBoxes(Dataset<Row> images) {
    Dataset<Row> boxes = switch (settings.boxes()) {
      case DETECTOR -> null;
      case GT -> PersonBoxes.groundTruth(spark, settings.input());
      case FILE -> PersonBoxes.detections(spark, settings.boxesFile(), settings.minBoxScore());
    };
    var boxList = DataTypes.createArrayType(PersonBoxes.BOX);
    if (boxes == null) {
      return images.withColumn("boxes", lit(null).cast(boxList));
    }
    // Images without given boxes get an empty list (no persons), not null (which would mean detect).
    return images.join(boxes, images.col("image_id").equalTo(boxes.col("image_id")), "left")
        .select(images.col("image_id"), images.col("uri"),
            coalesce(boxes.col("boxes"), lit(null).cast(boxList),
                org.apache.spark.sql.functions.array().cast(boxList)).as("boxes"));
  }

  private static void write(Dataset<Row> table, String path) {
    table.write().mode(SaveMode.ErrorIfExists).partitionBy(PoseTables.PARTITIONS).parquet(path);
  }
}

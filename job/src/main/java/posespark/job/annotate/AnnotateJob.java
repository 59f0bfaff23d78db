package posespark.job.annotate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.source.ImageSources;
import posespark.job.source.InputPoses;
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
    String runId = newRunId(started);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunCommitter committer = new RunCommitter(hadoop, settings.output(), settings.dataset(),
        settings.runDate().toString(), runId);
    PipelineFactory factory = PipelineFactories.load(settings.task().pipeline().factoryClass());
    String modelsId = factory.modelsId(settings.task().pipeline());
    RunsTable runs = new RunsTable(spark, settings, runId, started, modelsId,
        PipelineFactories.modelDigests(factory, settings.task().pipeline()));
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

  /** A run id: start time (UTC, sortable) and a random suffix, e.g. {@code r20261130T101500Z-3fa9c1}. */
  public static String newRunId(Instant started) {
    return RUN_ID.format(started) + "-"
        + String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  private RunSummary annotate(String runId, String modelsId, RunCommitter committer, long t0) {
    Dataset<Row> inputs = withBoxes(ImageSources.open(spark, settings.input(), settings.imageRoot()));
    long total = inputs.count();
    if (total == 0) {
      throw new IllegalArgumentException("no input images found in " + settings.input());
    }
    // One inference pass into staging; both tables are projections of it.
    AnnotationPass.Result pass = new AnnotationPass(spark, settings)
        .run(inputs, total, committer.scratch("annotated"), runId);
    Column[] partitionValues = {lit(settings.dataset()).as("dataset"),
        lit(settings.runDate().toString()).as("run_date"), lit(runId).as("run_id")};
    write(committer.forStaging(PoseTables.images(pass.stored(), partitionValues)),
        committer.stagingTable("images"));
    write(committer.forStaging(PoseTables.poses(pass.stored(), modelsId, partitionValues)),
        committer.stagingTable("poses"));
    RunSummary summary = pass.summary(runId, t0);
    committer.commit("images");
    committer.commit("poses");
    return summary;
  }

  /**
   * Adds the {@code boxes} column the tasks read: given boxes, or null (detect); with
   * {@code --refine-input} also the {@code input_poses} and {@code input_error} columns.
   */
  public Dataset<Row> withBoxes(Dataset<Row> images) {
    if (settings.refineInput() != null) {
      return withInputPoses(images);
    }
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

  private Dataset<Row> withInputPoses(Dataset<Row> images) {
    Dataset<Row> given;
    try {
      given = InputPoses.read(spark, settings.refineInput(), images, spark.sparkContext().hadoopConfiguration());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--refine-input " + settings.refineInput() + ": cannot read: " + e.getMessage());
    }
    var boxList = DataTypes.createArrayType(PersonBoxes.BOX);
    var poseList = DataTypes.createArrayType(InputPoses.POSE);
    // Images the file does not name have no persons to refine: an empty list, status ok.
    return images.join(given, images.col("image_id").equalTo(given.col("image_id")), "left")
        .select(images.col("image_id"), images.col("uri"), lit(null).cast(boxList).as("boxes"),
            coalesce(given.col("input_poses"), org.apache.spark.sql.functions.array().cast(poseList))
                .as("input_poses"),
            given.col("input_error"));
  }

  private static void write(Dataset<Row> table, String path) {
    table.write().mode(SaveMode.ErrorIfExists).partitionBy(PoseTables.PARTITIONS).parquet(path);
  }
}

package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import posespark.job.annotate.AnnotateJob;
import posespark.job.annotate.AnnotateSettings;
import posespark.job.annotate.AnnotationPass;
import posespark.job.annotate.PausePoints;
import posespark.job.annotate.PipelineFactories;
import posespark.job.annotate.PipelineFactory;
import posespark.job.annotate.RunSummary;
import posespark.job.table.PoseTables;
import posespark.job.table.RunsTable;
import scala.collection.JavaConverters;

/**
 * A nightly run on the driver: take the tables' lock (rolling back and recording a run that died
 * holding it), plan against the committed images (new, known, changed files), annotate only what
 * the plan asks for in one {@link AnnotationPass}, and commit poses, images, then the runs row.
 * Every run that gets past argument checks leaves a runs row, failed ones included.
 */
final class NightlyJob {

  private static final Logger LOG = LoggerFactory.getLogger("posespark.nightly");

  /** Images columns a nightly run adds: the file's fingerprint. */
  static final String[] FINGERPRINT = {"file_size", "file_mtime", "content_sha256"};

  /** What a run did; {@code summary} is null for a plan-only run. */
  record Outcome(String runId, NightlyPlan plan, RunSummary summary) {}

  private final SparkSession spark;
  private final NightlySettings settings;
  private final AnnotateSettings annotate;

  NightlyJob(SparkSession spark, NightlySettings settings) {
    this.spark = spark;
    this.settings = settings;
    this.annotate = settings.annotate();
  }

  Outcome run() throws Exception {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    String runId = AnnotateJob.newRunId(started);
    PipelineFactory factory = PipelineFactories.load(annotate.task().pipeline().factoryClass());
    String modelsId = factory.modelsId(annotate.task().pipeline());
    Map<String, String> digests = PipelineFactories.modelDigests(factory, annotate.task().pipeline());
    NightlyTables tables = tables();
    RunsTable runs = new RunsTable(spark, annotate, runId, started, modelsId, digests);

    if (settings.planOnly()) {
      return new Outcome(runId, plan(tables, modelsId, digests), null);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path lockFile = new Path(settings.stateDir(), "_nightly.lock");
    RunLock lock;
    try {
      lock = RunLock.acquire(hadoop, lockFile, RunLock.holder(runId, describe(started, modelsId)),
          settings.lease());
    } catch (RunLock.HeldException e) {
      recordFailure(tables, runs, runId, e);
      throw e;
    }
    Path scratch = new Path(settings.stateDir(), "_staging/" + runId);
    try (lock) {
      if (lock.brokenStale().isPresent()) {
        recover(tables, lock.brokenStale().get(), runId);
      }
      NightlyPlan plan = plan(tables, modelsId, digests);
      LOG.info("run {} plan: {}", runId, plan.line());
      RunSummary summary;
      if (plan.toAnnotate() == 0) {
        summary = new RunSummary(runId, 0, 0, 0, (System.nanoTime() - t0) / 1e9, 0, 0, Map.of());
        tables.appendRun(runId, annotate.configDigest(), runs.row(summary, "ok", null));
      } else {
        summary = annotateAndCommit(tables, runs, plan, runId, modelsId, scratch, lock, t0);
      }
      return new Outcome(runId, plan, summary);
    } catch (Exception | Error e) {
      LOG.error("nightly run {} failed: {}", runId, e.toString());
      recordFailure(tables, runs, runId, e);
      throw e;
    } finally {
      FileSystem fs = scratch.getFileSystem(hadoop);
      fs.delete(scratch, true);
      Path stagingRoot = scratch.getParent();
      if (fs.exists(stagingRoot) && fs.listStatus(stagingRoot).length == 0) {
        fs.delete(stagingRoot, false);
      }
    }
  }

  private RunSummary annotateAndCommit(NightlyTables tables, RunsTable runs, NightlyPlan plan,
      String runId, String modelsId, Path scratch, RunLock lock, long t0) throws Exception {
    Dataset<Row> todo = plan.todo().cache();
    Dataset<Row> inputs = new AnnotateJob(spark, annotate).withBoxes(todo.select("image_id", "uri"));
    AnnotationPass.Result pass = new AnnotationPass(spark, annotate)
        .run(inputs, plan.toAnnotate(), new Path(scratch, "annotated").toString(), runId);
    PausePoints.reach(PausePoints.WRITING);
    Dataset<Row> results = pass.stored().join(
        todo.select(col("uri"), col(FINGERPRINT[0]), col(FINGERPRINT[1]), col(FINGERPRINT[2])),
        "uri");
    Dataset<Row> images = PoseTables.images(results, imageExtras(runId));
    Dataset<Row> poses = PoseTables.poses(pass.stored(), modelsId, partitionValues(runId));
    RunSummary summary = pass.summary(runId, t0);
    tables.commit(runId, annotate.configDigest(), images, poses, runs.row(summary, "ok", null),
        lock);
    return new RunSummary(runId, summary.images(), summary.errors(), summary.persons(),
        (System.nanoTime() - t0) / 1e9, summary.annotateSeconds(), summary.pipelineSeconds(),
        summary.stepSeconds());
  }

  /** Plans against the committed rows of this dataset. */
  private NightlyPlan plan(NightlyTables tables, String modelsId, Map<String, String> digests) {
    Dataset<Row> committed = NightlyPlanning.committed(spark, tables, annotate.dataset());
    List<String> stale = settings.reprocessIfModelsChanged()
        ? staleRuns(tables.read(RunsTable.NAME, RunsTable.SCHEMA), modelsId, digests) : List.of();
    Dataset<Row> listing = NightlyPlanning.listing(spark, annotate.input(), annotate.imageRoot(),
        settings.contentHash());
    return NightlyPlanning.plan(listing, committed, stale);
  }

  /** Committed runs whose models differ from this run's (by name or by file digests). */
  private static List<String> staleRuns(Dataset<Row> runs, String modelsId,
      Map<String, String> digests) {
    List<String> stale = new ArrayList<>();
    for (Row r : runs.where(col("status").equalTo("ok"))
        .select("run_id", "models", "model_digests").collectAsList()) {
      Map<String, String> theirs = r.isNullAt(2) ? Map.of()
          : JavaConverters.mapAsJavaMap(r.<scala.collection.Map<String, String>>getAs(2));
      if (!modelsId.equals(r.getString(1)) || !digests.equals(theirs)) {
        stale.add(r.getString(0));
      }
    }
    return stale;
  }

  /** Rolls back what a run that died holding the lock committed, and records it as failed. */
  private void recover(NightlyTables tables, Properties dead, String runId) {
    String deadId = dead.getProperty("run_id");
    if (deadId == null) {
      return;
    }
    boolean finished = !tables.read(RunsTable.NAME, RunsTable.SCHEMA)
        .where(col("run_id").equalTo(deadId)).isEmpty();
    if (finished) {
      LOG.info("run {} had committed before its lock was left behind", deadId);
      return;
    }
    tables.rollBack(deadId);
    Instant startedAt = Instant.parse(dead.getProperty("started_at", Instant.EPOCH.toString()));
    Instant lastSeen = Instant.parse(dead.getProperty("last_heartbeat", Instant.now().toString()));
    Row row = RowFactory.create(Timestamp.from(startedAt), Timestamp.from(lastSeen), "failed",
        "driver stopped before the run committed (lock recovered by run " + runId + ")",
        dead.getProperty("input", ""), dead.getProperty("boxes", ""),
        dead.getProperty("models", ""), dead.getProperty("config_digest", ""),
        JavaConverters.mapAsScalaMap(new LinkedHashMap<String, String>()), null, null, null,
        Math.max(0, lastSeen.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0, null,
        dead.getProperty("spark_app_id", ""), dead.getProperty("dataset", ""),
        dead.getProperty("run_date", ""), deadId);
    tables.appendRun(deadId, dead.getProperty("config_digest", ""),
        spark.createDataFrame(List.of(row), RunsTable.SCHEMA));
    LOG.warn("recorded run {} as failed (its driver stopped before committing)", deadId);
  }

  private void recordFailure(NightlyTables tables, RunsTable runs, String runId, Throwable e) {
    try {
      tables.appendRun(runId, annotate.configDigest(),
          runs.row(null, "failed", RunsTable.describe(e)));
    } catch (RuntimeException second) {
      LOG.warn("could not record the failed run {}: {}", runId, second.toString());
    }
  }

  /** What the lock file says about this run (enough to write its runs row if it dies). */
  private Properties describe(Instant started, String modelsId) {
    Properties p = new Properties();
    p.setProperty("started_at", started.toString());
    p.setProperty("input", annotate.input());
    p.setProperty("boxes", annotate.boxes().name().toLowerCase(Locale.ROOT)
        + (annotate.boxesFile() == null ? "" : ":" + annotate.boxesFile()));
    p.setProperty("models", modelsId);
    p.setProperty("config_digest", annotate.configDigest());
    p.setProperty("spark_app_id", spark.sparkContext().applicationId());
    p.setProperty("dataset", annotate.dataset());
    p.setProperty("run_date", annotate.runDate().toString());
    return p;
  }

  private NightlyTables tables() {
    if (settings.iceberg() == null) {
      return new ParquetNightlyTables(spark, annotate.output(), annotate.dataset(),
          annotate.runDate().toString());
    }
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put("poses", posesSchema());
    schemas.put("images", imagesSchema());
    schemas.put(RunsTable.NAME, RunsTable.SCHEMA);
    return new IcebergNightlyTables(spark, settings.iceberg(), schemas);
  }

  private Column[] partitionValues(String runId) {
    return new Column[] {lit(annotate.dataset()).as("dataset"),
        lit(annotate.runDate().toString()).as("run_date"), lit(runId).as("run_id")};
  }

  private Column[] imageExtras(String runId) {
    Column[] p = partitionValues(runId);
    return new Column[] {col(FINGERPRINT[0]), col(FINGERPRINT[1]), col(FINGERPRINT[2]), p[0], p[1],
        p[2]};
  }

  /** The images table's schema: the annotate job's columns, the fingerprint, the partitions. */
  StructType imagesSchema() {
    return NightlyPlanning.imagesSchema(spark);
  }

  StructType posesSchema() {
    return PoseTables.poses(spark.createDataFrame(List.of(), PoseTables.RESULT), "",
        partitionValues("")).schema();
  }
}

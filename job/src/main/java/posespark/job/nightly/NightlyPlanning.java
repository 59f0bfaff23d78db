package posespark.job.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import posespark.job.source.ImageSources;
import posespark.job.table.PoseTables;
import posespark.job.table.RunsTable;

/**
 * The steps of a nightly run's incremental plan, each usable alone so that a benchmark can time
 * them on the code path {@code submit/nightly --plan-only} runs: the listing with fingerprints,
 * the newest committed images rows of a dataset, and the anti-join that counts new, known and
 * changed files.
 */
public final class NightlyPlanning {

  /** What a plan found; {@link #line()} is what {@code --plan-only} prints. */
  public record Counts(long created, long known, long changed) {
    public String line() {
      return String.format(Locale.ROOT, "new=%d known=%d changed=%d", created, known, changed);
    }
  }

  private NightlyPlanning() {}

  /** The input's listing with each file's fingerprint (one status call per file, on executors). */
  public static Dataset<Row> listing(SparkSession spark, String input, String imageRoot,
      boolean contentHash) {
    SerializableConfiguration conf = new SerializableConfiguration(
        spark.sparkContext().hadoopConfiguration());
    return ImageSources.open(spark, input, imageRoot)
        .mapPartitions(new FileFingerprints(JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(conf), contentHash), Encoders.row(FileFingerprints.SCHEMA));
  }

  /** The newest committed images rows of {@code dataset} in plain Parquet tables under output. */
  public static Dataset<Row> committedParquet(SparkSession spark, String output, String dataset) {
    return committed(spark, new ParquetNightlyTables(spark, output, dataset, ""), dataset);
  }

  /** Counts of the plan of {@code listing} against {@code committed} (models not compared). */
  public static Counts plan(Dataset<Row> listing, Dataset<Row> committed) {
    NightlyPlan plan = NightlyPlan.of(listing, committed, List.of());
    return new Counts(plan.created(), plan.known(), plan.changed());
  }

  static Dataset<Row> committed(SparkSession spark, NightlyTables tables, String dataset) {
    Dataset<Row> runs = tables.read(RunsTable.NAME, RunsTable.SCHEMA);
    return LatestViews.imagesLatest(tables.read("images", imagesSchema(spark)), runs)
        .where(col("dataset").equalTo(dataset));
  }

  static NightlyPlan plan(Dataset<Row> listing, Dataset<Row> committed,
      Collection<String> staleRuns) {
    return NightlyPlan.of(listing, committed, staleRuns);
  }

  /** The images table's schema: the annotate job's columns, the fingerprint, the partitions. */
  public static StructType imagesSchema(SparkSession spark) {
    Dataset<Row> results = spark.createDataFrame(List.of(), PoseTables.RESULT);
    for (String name : NightlyJob.FINGERPRINT) {
      results = results.withColumn(name,
          lit(null).cast(FileFingerprints.SCHEMA.apply(name).dataType()));
    }
    Column[] extras = {col(NightlyJob.FINGERPRINT[0]), col(NightlyJob.FINGERPRINT[1]),
        col(NightlyJob.FINGERPRINT[2]), lit("").as("dataset"), lit("").as("run_date"),
        lit("").as("run_id")};
    return PoseTables.images(results, extras).schema();
  }
}

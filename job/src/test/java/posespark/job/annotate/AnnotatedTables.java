package posespark.job.annotate;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Real annotate runs with the test pipeline ({@link ImageSizeTestPipeline}) for tests of other
 * packages that need tables written by the job itself.
 */
public final class AnnotatedTables {

  private AnnotatedTables() {}

  /** Annotates {@code input} into {@code output} as dataset {@code dataset}; returns the run id. */
  public static String annotate(SparkSession spark, Path work, Path input, Path output, String dataset,
      String runDate) throws Exception {
    AnnotateSettings settings = AnnotateRuns.settings(AnnotateRuns.testConf(work),
        "--input", input.toString(), "--output", output.toString(), "--dataset", dataset,
        "--run-date", runDate);
    return new AnnotateJob(spark, settings).run().runId();
  }
}

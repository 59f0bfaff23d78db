package posespark.job.annotate;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes real annotate tables (poses, images, runs) for tests of the code that reads them, with the
 * deterministic {@link ImageSizeTestPipeline} instead of pose models: one person per image covering
 * it, keypoint k at fraction (k + 1) / 18 of the diagonal, scores = mean red / 255.
 */
public final class TestPipelineTables {

  private TestPipelineTables() {}

  /** Annotates {@code input} (folder) into {@code output}; returns the run. */
  public static RunSummary annotate(SparkSession spark, Path input, Path output, Path scratch, String... extra)
      throws Exception {
    Path conf = AnnotateRuns.testConf(scratch);
    String[] args = new String[4 + extra.length];
    args[0] = "--input";
    args[1] = input.toString();
    args[2] = "--output";
    args[3] = output.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    return new AnnotateJob(spark, AnnotateRuns.settings(conf, args)).run();
  }
}

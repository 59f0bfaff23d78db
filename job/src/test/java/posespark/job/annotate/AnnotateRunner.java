package posespark.job.annotate;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Runs the annotate job with the test pipeline from command-line arguments (for tests in other packages). */
public final class AnnotateRunner {

  private AnnotateRunner() {}

  /** Resolves {@code args} as the command line does (test pipeline conf written to {@code confDir}) and runs. */
  public static RunSummary run(SparkSession spark, Path confDir, String... args) throws Exception {
    AnnotateSettings settings = AnnotateRuns.settings(AnnotateRuns.testConf(confDir), args);
    return new AnnotateJob(spark, settings).run();
  }

  /** As {@link #run}, with the packaged defaults: the real pipeline (zoo models). */
  public static RunSummary runRealPipeline(SparkSession spark, Path confDir, String... args)
      throws Exception {
    java.nio.file.Files.createDirectories(confDir);
    Path conf = confDir.resolve("defaults.conf");
    java.nio.file.Files.writeString(conf, "# the packaged defaults: real pipeline\n");
    return new AnnotateJob(spark, AnnotateRuns.settingsWithConf(conf, args)).run();
  }
}

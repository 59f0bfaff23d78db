package posespark.job.annotate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs the annotate job with the real pipeline (packaged defaults) for tests of other packages. */
public final class AnnotateTestRuns {

  private AnnotateTestRuns() {}

  /** Annotates {@code input} into {@code output} with the default configuration plus {@code flags}. */
  public static RunSummary run(SparkSession spark, Path input, Path output, String... flags)
      throws Exception {
    Path conf = Files.createTempFile("posespark-defaults", ".conf");
    Files.writeString(conf, "# the packaged defaults: real pipeline\n");
    List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--output",
        output.toString()));
    args.addAll(List.of(flags));
    try {
      return new AnnotateJob(spark, AnnotateRuns.settingsWithConf(conf, args.toArray(String[]::new))).run();
    } finally {
      Files.deleteIfExists(conf);
    }
  }
}

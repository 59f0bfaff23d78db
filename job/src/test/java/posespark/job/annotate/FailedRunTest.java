package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;
import posespark.models.pose.PosePipeline;

/** A run that fails leaves no images or poses visible, only a runs row that says it failed. */
class FailedRunTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  /** A factory whose pipeline cannot be built on the executors (e.g. a model that fails to load). */
  public static final class BrokenFactory implements PipelineFactory {
    @Override
    public PosePipeline create(PipelineSpec spec, ExecutorContext context) {
      throw new IllegalStateException("model file is corrupt (test)");
    }
  }

  @TempDir
  Path tmp;

  @Test
  void failedRunLeavesNoTableRowsAndRecordsTheFailure() throws Exception {
    SparkSession spark = LocalSpark.get();
    Path in = Files.createDirectories(tmp.resolve("photos"));
    Files.write(in.resolve("a.jpg"), ImageFiles.jpeg(ImageFiles.picture(32, 32), false));
    Path output = tmp.resolve("out");
    Path conf = AnnotateRuns.testConf(tmp, "posespark.pipeline.factory = \""
        + BrokenFactory.class.getName() + "\"");
    AnnotateJob job = new AnnotateJob(spark, AnnotateRuns.settings(conf, "--input", in.toString(),
        "--output", output.toString()));

    assertThatThrownBy(job::run).hasStackTraceContaining("model file is corrupt (test)");

    assertThat(output.resolve("images")).doesNotExist();
    assertThat(output.resolve("poses")).doesNotExist();
    assertThat(output.resolve("_staging")).doesNotExist();
    List<Row> runs = spark.read().parquet(output.resolve("runs").toString()).collectAsList();
    assertThat(runs).hasSize(1);
    assertThat((String) runs.get(0).getAs("status")).isEqualTo("failed");
    assertThat((String) runs.get(0).getAs("error")).isNotBlank();
    try (Stream<Path> files = Files.walk(output)) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("/runs/"))).isEmpty();
    }
  }
}

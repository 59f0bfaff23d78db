package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.samples.SamplePhotos;

/** The annotate job with test-time augmentation on, through Spark, on a real photo. */
class TtaAnnotateTest {

  @TempDir
  static Path tmp;

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @Test
  void annotateWithScalesAndRotationsRecordsTheViewsAndFindsTheAstronaut() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(SamplePhotos.get(SamplePhotos.ASTRONAUT), photos.resolve("astronaut.png"));
    Path output = tmp.resolve("out");
    Path conf = tmp.resolve("default.conf");
    Files.writeString(conf, "# the packaged defaults: real pipeline\n");
    SparkSession spark = LocalSpark.get();
    RunSummary summary = new AnnotateJob(spark, AnnotateRuns.settingsWithConf(conf, "--input",
        photos.toString(), "--output", output.toString(), "--tta-scales", "0.9,1,1.15",
        "--tta-rotations", "-10,10")).run();
    assertThat(summary.errors()).isZero();
    Row run = spark.read().parquet(output.resolve("runs").toString()).collectAsList().get(0);
    assertThat((String) run.getAs("models")).as("models of the run").endsWith("/tta:s0.9,s1.15,r-10,r10");
    List<Row> poses = spark.read().parquet(output.resolve("poses").toString())
        .where("confident").collectAsList();
    assertThat(poses).as("confident poses").hasSize(1);
    Row nose = poses.get(0).<Row>getList(poses.get(0).fieldIndex("keypoints")).get(CocoKeypoints.indexOf("nose"));
    // Looked up on the 512×512 photo: nose near (222, 127).
    assertThat(nose.getDouble(0)).as("nose x").isBetween(190.0, 255.0);
    assertThat(nose.getDouble(1)).as("nose y").isBetween(95.0, 160.0);
  }
}

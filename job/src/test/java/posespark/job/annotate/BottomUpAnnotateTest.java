package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.keypoints.CocoKeypoints;
import posespark.models.samples.SamplePhotos;

/**
 * {@code --mode bottom-up} end to end: MoveNet-multipose on whole photos through Spark into the same
 * tables as top-down, scored by the same scoring model. basketball1.png shows two players.
 */
class BottomUpAnnotateTest {

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path output;
  static RunSummary summary;

  @BeforeAll
  static void annotate() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (SamplePhotos.Sample s : List.of(SamplePhotos.BASKETBALL1, SamplePhotos.ASTRONAUT)) {
      Files.copy(SamplePhotos.get(s), photos.resolve(s.fileName()));
    }
    Files.writeString(photos.resolve("broken.jpg"), "not a jpeg");
    spark = LocalSpark.get();
    output = tmp.resolve("out");
    Path conf = tmp.resolve("default.conf");
    Files.writeString(conf, "# the packaged defaults: real pipeline\n");
    summary = new AnnotateJob(spark, AnnotateRuns.settingsWithConf(conf, "--input",
        photos.toString(), "--output", output.toString(), "--mode", "bottom-up")).run();
  }

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  private static List<Row> confidentPoses(String photo) {
    return spark.read().parquet(output.resolve("poses").toString())
        .where("confident AND uri LIKE '%/" + photo + "'").orderBy("person_index").collectAsList();
  }

  @Test
  void bothBasketballPlayersAreFoundOnTheWholeImage() {
    List<Row> players = confidentPoses("basketball1.png");
    assertThat(players).as("confident persons").hasSize(2);
    // One player on the left half of the 640-px-wide photo, one on the right.
    assertThat(players).extracting(r -> centreX(r) < 320).containsExactlyInAnyOrder(true, false);
    for (Row p : players) {
      assertThat((double) p.getAs("pose_score")).isBetween(0.235, 1.0);
      assertThat((String) p.getAs("models")).isEqualTo("movenet-multipose/bottom-up");
    }
  }

  @Test
  void astronautsNoseIsOnHerFace() {
    // As in the top-down test: the face spans about x 175–275, y 60–185 of the 512×512 photo.
    List<Row> poses = confidentPoses("astronaut.png");
    assertThat(poses).isNotEmpty();
    Row nose = poses.get(0).<Row>getList(poses.get(0).fieldIndex("keypoints"))
        .get(CocoKeypoints.indexOf("nose"));
    assertThat(nose.getDouble(0)).as("nose x").isBetween(175.0, 275.0);
    assertThat(nose.getDouble(1)).as("nose y").isBetween(60.0, 185.0);
  }

  @Test
  void everyImageGetsItsRowWithStatus() {
    List<Row> images = spark.read().parquet(output.resolve("images").toString())
        .orderBy("uri").collectAsList();
    assertThat(images).extracting(r -> (String) r.getAs("status"))
        .containsExactly("ok", "ok", "error");
    assertThat(images.get(0).<String, Double>getJavaMap(images.get(0).fieldIndex("timings")))
        .containsKey("pose").doesNotContainKey("detect");
    assertThat((int) images.get(1).getAs("num_persons")).as("basketball1 persons").isEqualTo(2);
    assertThat(summary.errors()).isEqualTo(1);
  }

  private static double centreX(Row pose) {
    Row box = pose.getAs("bbox");
    return box.getDouble(0) + box.getDouble(2) / 2;
  }
}

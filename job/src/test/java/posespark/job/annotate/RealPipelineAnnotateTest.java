package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * End to end with the real pipeline (zoo models, person detector, default ensemble) on real photos:
 * messi5.jpg, basketball1.png and astronaut.png, through Spark into the tables.
 */
class RealPipelineAnnotateTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path output;
  static RunSummary summary;

  @BeforeAll
  static void annotatePhotos() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    for (SamplePhotos.Sample s : List.of(SamplePhotos.MESSI, SamplePhotos.BASKETBALL1,
        SamplePhotos.ASTRONAUT)) {
      Files.copy(SamplePhotos.get(s), photos.resolve(s.fileName()));
    }
    spark = LocalSpark.get();
    output = tmp.resolve("out");
    Path conf = tmp.resolve("default.conf");
    Files.writeString(conf, "# the packaged defaults: real pipeline\n");
    summary = new AnnotateJob(spark, AnnotateRuns.settingsWithConf(conf, "--input",
        photos.toString(), "--output", output.toString())).run();
  }

  /** file name → its poses, best first */
  private static Map<String, List<Row>> posesByPhoto() {
    return spark.read().parquet(output.resolve("poses").toString()).collectAsList().stream()
        .collect(Collectors.groupingBy(r -> {
          String uri = r.getAs("uri");
          return uri.substring(uri.lastIndexOf('/') + 1);
        }, Collectors.collectingAndThen(Collectors.toList(), l -> l.stream()
            .sorted(Comparator.comparingDouble(r -> -(double) r.getAs("pose_score"))).toList())));
  }

  @Test
  void everyPhotoIsAnnotatedWithoutError() {
    List<Row> images = spark.read().parquet(output.resolve("images").toString()).collectAsList();
    assertThat(images).hasSize(3);
    for (Row r : images) {
      assertThat((String) r.getAs("status")).as(r.getAs("uri") + ": " + r.getAs("error"))
          .isEqualTo("ok");
      Map<String, Double> timings = r.getJavaMap(r.fieldIndex("timings"));
      assertThat(timings).containsKeys("read_file", "decode_image", "detect", "pose", "pose_model");
      // The models' share of the pose step: positive, and the crops and heatmap warps take the rest.
      assertThat(timings.get("pose_model")).isPositive().isLessThan(timings.get("pose"));
    }
    assertThat(summary.errors()).isZero();
  }

  @Test
  void personsAreFoundInEachPhoto() {
    Map<String, List<Row>> poses = posesByPhoto();
    for (String photo : List.of("messi5.jpg", "basketball1.png", "astronaut.png")) {
      assertThat(poses.get(photo)).as(photo).isNotEmpty();
      assertThat((boolean) poses.get(photo).get(0).getAs("confident")).as(photo + " best pose confident")
          .isTrue();
    }
    // basketball1.png: one player on the left half, one on the right (the right one is blurred).
    List<Row> players = poses.get("basketball1.png");
    String found = players.stream().map(r -> r.getAs("bbox") + " " + r.getAs("pose_score"))
        .collect(Collectors.joining("; "));
    assertThat(players.stream().anyMatch(r -> centreX(r) < 320)).as("left player: " + found).isTrue();
    assertThat(players.stream().anyMatch(r -> centreX(r) > 320)).as("right player: " + found).isTrue();
  }

  private static double centreX(Row pose) {
    Row box = pose.getAs("bbox");
    return box.getDouble(0) + box.getDouble(2) / 2;
  }

  @Test
  void astronautsNoseIsOnHerFace() {
    // Looked up on the 512×512 photo: the face spans about x 175–275, y 60–185; nose near (222, 127).
    Row best = posesByPhoto().get("astronaut.png").get(0);
    List<Row> keypoints = best.getList(best.fieldIndex("keypoints"));
    Row nose = keypoints.get(CocoKeypoints.indexOf("nose"));
    assertThat(nose.getDouble(0)).as("nose x").isBetween(190.0, 255.0);
    assertThat(nose.getDouble(1)).as("nose y").isBetween(95.0, 160.0);
  }
}

package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;

/**
 * {@code --refine-input}: poses of another system (a COCO results JSON) reach the pipeline joined by
 * image id, with the images from {@code --input}; bad files fail before the run, a bad result fails
 * only its image. The test pipeline "refines" by moving each keypoint (+1, +1).
 */
class RefineInputTest {

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path coco;

  @BeforeAll
  static void dataset() throws Exception {
    spark = LocalSpark.get();
    Path images = Files.createDirectories(tmp.resolve("coco/images"));
    for (String name : List.of("a.jpg", "b.jpg", "c.jpg")) {
      Files.write(images.resolve(name), ImageFiles.jpeg(ImageFiles.picture(80, 60), false));
    }
    coco = tmp.resolve("coco/person_keypoints.json");
    Files.writeString(coco, """
        {"images": [
           {"id": 1, "file_name": "a.jpg", "width": 80, "height": 60},
           {"id": 2, "file_name": "b.jpg", "width": 80, "height": 60},
           {"id": 3, "file_name": "c.jpg", "width": 80, "height": 60}],
         "annotations": [], "categories": [{"id": 1, "name": "person"}]}
        """);
  }

  /** A results entry whose keypoint k sits at (10 + k, 20 + k) with score 0.5. */
  private static String result(long imageId, int values, double score) {
    StringBuilder k = new StringBuilder();
    for (int i = 0; i < values; i++) {
      int joint = i / 3;
      k.append(i > 0 ? ", " : "").append(i % 3 == 0 ? 10 + joint : i % 3 == 1 ? 20 + joint : 0.5);
    }
    return String.format(java.util.Locale.ROOT,
        "{\"image_id\": %d, \"category_id\": 1, \"keypoints\": [%s], \"score\": %s}", imageId, k, score);
  }

  private static Path file(String name, String text) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private static AnnotateSettings settings(String out, Path refineInput, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--input", coco.toString(), "--output",
        tmp.resolve(out).toString(), "--refine-input", refineInput.toString()));
    args.addAll(List.of(more));
    return AnnotateRuns.settings(AnnotateRuns.testConf(tmp.resolve("conf-" + out)), args.toArray(String[]::new));
  }

  private static Map<Long, Row> images(String out) {
    Map<Long, Row> byId = new TreeMap<>();
    for (Row r : spark.read().parquet(tmp.resolve(out).resolve("images").toString()).collectAsList()) {
      byId.put(r.getAs("image_id"), r);
    }
    return byId;
  }

  @Test
  void givenPosesAreRefinedAndImagesWithoutPosesStayOk() throws Exception {
    Path input = file("two.json", "[" + result(1, 51, 0.8) + ", " + result(1, 51, 0.6) + ", "
        + result(3, 51, 0.7) + "]");
    new AnnotateJob(spark, settings("ok", input)).run();
    List<Row> poses = spark.read().parquet(tmp.resolve("ok/poses").toString())
        .orderBy("image_id", "person_index").collectAsList();
    assertThat(poses).extracting(r -> (long) r.getAs("image_id")).containsExactly(1L, 1L, 3L);
    Row nose = poses.get(0).<Row>getList(poses.get(0).fieldIndex("keypoints")).get(0);
    assertThat(nose.getDouble(0)).as("refined x = given 10 + 1").isEqualTo(11.0);
    assertThat(nose.getDouble(1)).as("refined y = given 20 + 1").isEqualTo(21.0);
    Row ankle = poses.get(2).<Row>getList(poses.get(2).fieldIndex("keypoints")).get(16);
    assertThat(ankle.getDouble(0)).isEqualTo(27.0);
    Row box = poses.get(0).getAs("bbox");
    assertThat(box.getDouble(0)).as("box around the given keypoints").isEqualTo(10.0);
    assertThat(box.getDouble(2)).isEqualTo(16.0);
    Map<Long, Row> images = images("ok");
    assertThat(images).hasSize(3);
    assertThat(images.values()).allSatisfy(r -> assertThat((String) r.getAs("status")).isEqualTo("ok"));
    assertThat((int) images.get(2L).getAs("num_persons")).isZero();
  }

  @Test
  void aMalformedResultFailsOnlyItsImage() throws Exception {
    Path input = file("bad-one.json", "[" + result(1, 51, 0.8) + ", " + result(2, 50, 0.8) + "]");
    new AnnotateJob(spark, settings("bad-one", input)).run();
    Map<Long, Row> images = images("bad-one");
    assertThat((String) images.get(1L).getAs("status")).isEqualTo("ok");
    assertThat((String) images.get(2L).getAs("status")).isEqualTo("error");
    assertThat((String) images.get(2L).getAs("error")).isEqualTo(
        "refine input result 1 has 50 keypoint values, expected 51");
    assertThat((String) images.get(3L).getAs("status")).isEqualTo("ok");
  }

  @Test
  void unknownImageIdsFailTheRunBeforeAnyImageIsRead() throws Exception {
    Path input = file("unknown.json", "[" + result(1, 51, 0.8) + ", " + result(42, 51, 0.8) + "]");
    assertThatThrownBy(() -> new AnnotateJob(spark, settings("unknown", input)).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 image id(s) are not in --input (first: 42)");
    assertThat(tmp.resolve("unknown/poses")).doesNotExist();
  }

  @Test
  void aFileThatIsNotAResultsArrayIsRefusedWithOneLine() throws Exception {
    Path broken = file("broken.json", "[{\"image_id\": 1, \"keypoints\": [1, 2");
    assertThatThrownBy(() -> new AnnotateJob(spark, settings("broken", broken)).run())
        .hasMessageContaining("not valid JSON").hasMessageNotContaining("\n");
    Path object = file("object.json", "{\"annotations\": []}");
    assertThatThrownBy(() -> new AnnotateJob(spark, settings("object", object)).run())
        .hasMessageContaining("expected a JSON array of COCO keypoint results");
  }

  @Test
  void refineInputConflictsWithNoRefineAndWithBoxes() throws Exception {
    Path input = file("any.json", "[]");
    assertThatThrownBy(() -> settings("x1", input, "--no-refine"))
        .hasMessageContaining("cannot run with --no-refine");
    assertThatThrownBy(() -> settings("x2", input, "--boxes", "gt"))
        .hasMessageContaining("drop --boxes");
    assertThatThrownBy(() -> settings("x3", tmp.resolve("missing.json")))
        .hasMessageContaining("no such file");
  }
}

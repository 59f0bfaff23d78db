package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Boxes from COCO ground truth and from a detections file reach the pipeline joined by image id. */
class GivenBoxesTest {

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
         "annotations": [
           {"id": 10, "image_id": 1, "category_id": 1, "iscrowd": 0, "bbox": [1, 2, 30, 40],
            "segmentation": [[1, 2, 3, 4]], "keypoints": [], "num_keypoints": 0, "area": 1},
           {"id": 11, "image_id": 1, "category_id": 1, "iscrowd": 0, "bbox": [40, 5, 20, 50]},
           {"id": 12, "image_id": 1, "category_id": 1, "iscrowd": 1, "bbox": [0, 0, 80, 60],
            "segmentation": {"counts": [1, 2], "size": [60, 80]}},
           {"id": 13, "image_id": 2, "category_id": 18, "iscrowd": 0, "bbox": [5, 5, 10, 10]},
           {"id": 14, "image_id": 2, "category_id": 1, "iscrowd": 0, "bbox": [10, 10, 20, 20]}],
         "categories": [{"id": 1, "name": "person"}]}
        """);
  }

  /** image_id → sorted list of "x,y,w,h,score" of the poses written. */
  private static Map<Long, List<String>> posesByImage(Path output) {
    Map<Long, List<String>> out = new TreeMap<>();
    for (Row r : spark.read().parquet(output.resolve("poses").toString()).collectAsList()) {
      Row b = r.getAs("bbox");
      out.computeIfAbsent(r.getAs("image_id"), k -> new java.util.ArrayList<>())
          .add(String.format(java.util.Locale.ROOT, "%.0f,%.0f,%.0f,%.0f,%.2f", b.getDouble(0),
              b.getDouble(1), b.getDouble(2), b.getDouble(3), (double) r.getAs("box_score")));
    }
    out.values().forEach(java.util.Collections::sort);
    return out;
  }

  private static Map<Long, Integer> personsPerImage(Path output) {
    Map<Long, Integer> out = new TreeMap<>();
    for (Row r : spark.read().parquet(output.resolve("images").toString()).collectAsList()) {
      assertThat((String) r.getAs("status")).isEqualTo("ok");
      out.put(r.getAs("image_id"), r.getAs("num_persons"));
    }
    return out;
  }

  @Test
  void groundTruthBoxesAreTheNonCrowdPersonAnnotations() throws Exception {
    Path output = tmp.resolve("out-gt");
    new AnnotateJob(spark, AnnotateRuns.settings(AnnotateRuns.testConf(tmp.resolve("gt")),
        "--input", coco.toString(), "--output", output.toString(), "--boxes", "gt")).run();
    assertThat(posesByImage(output)).isEqualTo(Map.of(
        1L, List.of("1,2,30,40,1.00", "40,5,20,50,1.00"),
        2L, List.of("10,10,20,20,1.00")));
    assertThat(personsPerImage(output)).as("image 3 has no boxes: ok with no persons")
        .isEqualTo(Map.of(1L, 2, 2L, 1, 3L, 0));
  }

  @Test
  void detectionsFileGivesPersonBoxesAboveTheMinimumScore() throws Exception {
    Path detections = tmp.resolve("detections.json");
    Files.writeString(detections, """
        [{"image_id": 1, "category_id": 1, "bbox": [3, 4, 10, 20], "score": 0.9},
         {"image_id": 1, "category_id": 1, "bbox": [5, 5, 5, 5], "score": 0.2},
         {"image_id": 3, "category_id": 1, "bbox": [0, 0, 40, 30], "score": 0.6},
         {"image_id": 3, "category_id": 3, "bbox": [1, 1, 1, 1], "score": 0.99}]
        """);
    Path output = tmp.resolve("out-det");
    new AnnotateJob(spark, AnnotateRuns.settings(AnnotateRuns.testConf(tmp.resolve("det")),
        "--input", coco.toString(), "--output", output.toString(), "--boxes",
        detections.toString(), "--min-box-score", "0.5")).run();
    assertThat(posesByImage(output)).isEqualTo(Map.of(
        1L, List.of("3,4,10,20,0.90"),
        3L, List.of("0,0,40,30,0.60")));
    assertThat(personsPerImage(output)).isEqualTo(Map.of(1L, 1, 2L, 0, 3L, 1));
  }
}

package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.models.image.ImageFiles;
import posespark.models.scoring.PoseScoringModel;

/**
 * The confidence threshold: every candidate pose stays in {@code poses}, {@code confident} marks
 * those at or above {@code --min-pose-score}, {@code images.num_persons} counts only those, and the
 * COCO results export keeps every candidate. Pose scores come from the test pipeline (box score ×
 * mean red / 255 on pure red images = the detections file's scores).
 */
class ConfidentPosesTest {

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path coco;
  static Path detections;

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  @BeforeAll
  static void dataset() throws Exception {
    spark = LocalSpark.get();
    Path images = Files.createDirectories(tmp.resolve("coco/images"));
    BufferedImage red = new BufferedImage(80, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = red.createGraphics();
    g.setColor(new Color(255, 0, 0));
    g.fillRect(0, 0, 80, 60);
    g.dispose();
    for (String name : List.of("a.png", "b.png")) {
      Files.write(images.resolve(name), ImageFiles.png(red));
    }
    coco = tmp.resolve("coco/person_keypoints.json");
    Files.writeString(coco, """
        {"images": [{"id": 1, "file_name": "a.png", "width": 80, "height": 60},
                    {"id": 2, "file_name": "b.png", "width": 80, "height": 60}],
         "annotations": [], "categories": [{"id": 1, "name": "person"}]}
        """);
    detections = tmp.resolve("detections.json");
    Files.writeString(detections, """
        [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 20, 40], "score": 0.9},
         {"image_id": 1, "category_id": 1, "bbox": [30, 0, 20, 40], "score": 0.5},
         {"image_id": 1, "category_id": 1, "bbox": [50, 10, 20, 40], "score": 0.3},
         {"image_id": 2, "category_id": 1, "bbox": [10, 10, 20, 40], "score": 0.2}]
        """);
  }

  private static Path run(String name, String... extra) throws Exception {
    Path output = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("--input", coco.toString(), "--output",
        output.toString(), "--boxes", detections.toString(), "--coco-results",
        output + ".json"));
    args.addAll(List.of(extra));
    new AnnotateJob(spark, AnnotateRuns.settings(AnnotateRuns.testConf(tmp.resolve(name + "-conf")),
        args.toArray(String[]::new))).run();
    return output;
  }

  private static List<String> query(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void posesBelowTheThresholdStayAsCandidatesAndAreNotCounted() throws Exception {
    Path out = run("half", "--min-pose-score", "0.5");
    assertThat(query("SELECT image_id || ':' || round(pose_score, 2) || ':' || confident FROM "
        + "read_parquet('" + out.resolve("poses") + "/**/*.parquet') ORDER BY image_id, pose_score DESC"))
        .containsExactly("1:0.9:true", "1:0.5:true", "1:0.3:false", "2:0.2:false");
    assertThat(query("SELECT image_id || ':' || num_persons FROM read_parquet('"
        + out.resolve("images") + "/**/*.parquet') ORDER BY image_id"))
        .as("num_persons counts confident poses; image 2 keeps its candidate row with 0 persons")
        .containsExactly("1:2", "2:0");
    JsonNode results = new ObjectMapper().readTree(Path.of(out + ".json").toFile());
    Map<Integer, Integer> perImage = new TreeMap<>();
    results.forEach(r -> perImage.merge(r.get("image_id").asInt(), 1, Integer::sum));
    assertThat(perImage).as("COCO results keep every candidate").isEqualTo(Map.of(1, 3, 2, 1));
  }

  @Test
  void thresholdZeroCountsEveryPoseAndOneCountsNone() throws Exception {
    Path all = run("zero", "--min-pose-score", "0");
    assertThat(query("SELECT sum(num_persons) FROM read_parquet('" + all.resolve("images") + "/**/*.parquet')"))
        .containsExactly("4");
    Path none = run("one", "--min-pose-score", "1");
    assertThat(query("SELECT count(*) || '/' || count(*) FILTER (WHERE confident) FROM read_parquet('"
        + none.resolve("poses") + "/**/*.parquet')")).containsExactly("4/0");
  }

  @Test
  void fittedMeansTheScoringModelsMeasuredThreshold() {
    double fitted = PoseScoringModel.committed().minPoseScore();
    assertThat(fitted).isStrictlyBetween(0.0, 1.0);
    assertThat(AnnotateConfig.minPoseScore("fitted")).isEqualTo(fitted);
    assertThat(AnnotateConfig.minPoseScore(" 0.25 ")).isEqualTo(0.25);
    assertThatThrownBy(() -> AnnotateConfig.minPoseScore("1.5"))
        .hasMessage("--min-pose-score must be 'fitted' or a number from 0 to 1, not '1.5'");
    assertThatThrownBy(() -> AnnotateConfig.minPoseScore("high"))
        .hasMessage("--min-pose-score must be 'fitted' or a number from 0 to 1, not 'high'");
  }
}

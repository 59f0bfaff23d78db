package posespark.job.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.SyntheticCoco;

/** The command line: pycocotools' lines on stdout, JSON and HTML files, one line on bad input. */
class EvaluateMainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EvaluateMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void localEnginePrintsTheTenSummaryLinesAndWritesJsonAndHtml() throws Exception {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 200, 9);
    Path json = dir.resolve("stats.json");
    Path html = dir.resolve("report.html");
    int code = run("--gt", gt.toString(), "--results", results.toString(), "--engine", "local",
        "--json", json.toString(), "--html", html.toString());
    assertThat(code).as("exit code; stderr: %s", stderr()).isZero();
    CocoEvalResult expected = new CocoEvaluator(EvalParams.keypoints()).evaluate(gt, results);
    assertThat(stdout().lines()).containsExactlyElementsOf(expected.summaryLines());
    assertThat(stdout()).startsWith(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.");
    JsonNode node = new ObjectMapper().readTree(json.toFile());
    assertThat(node.get("stats")).hasSize(10);
    assertThat(node.get("stats").get(0).asDouble()).isEqualTo(expected.stats()[0]);
    assertThat(node.get("AP75").asDouble()).isEqualTo(expected.stats()[2]);
    assertThat(node.get("per_keypoint")).hasSize(17);
    assertThat(node.get("per_keypoint").get(0).get("keypoint").asText()).isEqualTo("nose");
    String report = Files.readString(html);
    assertThat(report).contains("data:image/png;base64,iVBORw0KGgo").contains("left_ankle")
        .contains(expected.summaryLines().get(0));
  }

  @Test
  void sparkEnginePrintsTheSameLines() {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 300, 10);
    int code = run("--gt", gt.toString(), "--results", results.toString(), "--iou-type", "bbox",
        "--work-dir", dir.resolve("work").toString());
    assertThat(code).as("exit code; stderr: %s", stderr()).isZero();
    assertThat(stdout().lines()).containsExactlyElementsOf(
        new CocoEvaluator(EvalParams.bbox()).evaluate(gt, results).summaryLines());
    assertThat(dir.resolve("work").toFile().list()).as("intermediate buckets removed").isEmpty();
  }

  @Test
  void malformedResultsEndInOneLineAndStatusTwo() throws Exception {
    Path gt = dir.resolve("gt.json");
    Path results = dir.resolve("results.json");
    SyntheticCoco.write(gt, results, 5, 11);
    Files.writeString(results, "[{\"image_id\": 100000, \"score\": ");
    int code = run("--gt", gt.toString(), "--results", results.toString(), "--engine", "local");
    assertThat(code).isEqualTo(2);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).startsWith("evaluate: " + results + ": malformed JSON");
  }

  @Test
  void unknownIouTypeIsOneLine() {
    int code = run("--gt", "a.json", "--results", "b.json", "--iou-type", "segm");
    assertThat(code).isEqualTo(2);
    assertThat(stderr().strip()).isEqualTo("evaluate: iou type must be keypoints or bbox, not 'segm'");
  }

  @Test
  void missingRequiredOptionIsOneLine() {
    assertThat(run("--gt", "a.json")).isEqualTo(2);
    assertThat(stderr().lines()).hasSize(1);
    assertThat(stderr()).contains("--results");
  }
}

package posespark.job.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and configuration end with one line and exit code 2, before Spark starts. */
class AnnotateMainTest {

  @TempDir
  static Path tmp;
  static Path conf;
  static Path photos;

  @BeforeAll
  static void files() throws Exception {
    conf = AnnotateRuns.testConf(tmp);
    photos = Files.createDirectories(tmp.resolve("photos"));
  }

  private record Outcome(int code, String out, List<String> errLines) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AnnotateMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
        sparkConf -> {
          throw new AssertionError("Spark must not start for these arguments");
        });
    return new Outcome(code, out.toString(), err.toString().lines().toList());
  }

  private static void assertRefused(Outcome o, String message) {
    assertThat(o.code()).as("exit code").isEqualTo(2);
    assertThat(o.errLines()).as("stderr").hasSize(1);
    assertThat(o.errLines().get(0)).startsWith("annotate: ").contains(message);
  }

  @Test
  void missingInputIsRefused() {
    assertRefused(run("--output", "x", "--conf", conf.toString()), "--input is required");
  }

  @Test
  void unknownOptionIsRefused() {
    assertRefused(run("--input", photos.toString(), "--bogus"), "Unknown option: '--bogus'");
  }

  @Test
  void inputThatDoesNotExistIsRefused() {
    assertRefused(run("--input", tmp.resolve("nope").toString(), "--output", "x", "--conf",
        conf.toString()), "nope: no such file or folder");
  }

  @Test
  void groundTruthBoxesNeedCocoInput() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--boxes", "gt", "--conf",
        conf.toString()), "--boxes gt needs a COCO JSON --input");
  }

  @Test
  void unknownDecoderIsRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--decoder", "median",
        "--conf", conf.toString()), "--decoder must be quarter, dark or offsets, not 'median'");
  }

  @Test
  void badTestTimeAugmentationValuesAreRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--tta-scales", "0.9,huge",
        "--conf", conf.toString()), "--tta-scales: 'huge' is not a number");
    assertRefused(run("--input", photos.toString(), "--output", "x", "--tta-rotations", "-10,90",
        "--conf", conf.toString()), "--tta-rotations: 90 is outside [-45, 45]");
    Path typed = AnnotateRuns.testConf(tmp.resolve("tta"), "posespark.pipeline.tta.scales = [0.1]");
    assertRefused(run("--input", photos.toString(), "--output", "x", "--conf", typed.toString()),
        "--tta-scales: 0.1 is outside [0.5, 2]");
  }

  @Test
  void malformedRunDateIsRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--run-date", "22/11/2026",
        "--conf", conf.toString()), "--run-date must be YYYY-MM-DD");
  }

  @Test
  void brokenConfigFileIsRefusedWithItsName() throws Exception {
    Path broken = tmp.resolve("broken.conf");
    Files.writeString(broken, "posespark.annotate { batch-size = \n");
    assertRefused(run("--input", photos.toString(), "--output", "x", "--conf", broken.toString()),
        "--conf " + broken);
  }

  @Test
  void wrongTypeInConfigIsRefused() throws Exception {
    Path typed = AnnotateRuns.testConf(tmp.resolve("typed"), "posespark.annotate.batch-size = many");
    assertRefused(run("--input", photos.toString(), "--output", "x", "--conf", typed.toString()),
        "batch-size");
  }

  @Test
  void missingPipelineFactoryIsRefused() {
    Path none = AnnotateRuns.testConf(tmp.resolve("none"), "posespark.pipeline.factory = \"\"");
    assertRefused(run("--input", photos.toString(), "--output", "x", "--conf", none.toString()),
        "no pose pipeline configured");
  }

  @Test
  void unknownEnsembleModelIsRefusedByTheZooPipeline() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--ensemble",
        "movenet-thunder:2,hrnet-w99"), "--ensemble: unknown model 'hrnet-w99'");
  }

  @Test
  void unknownModeIsRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--mode", "sideways"),
        "--mode must be top-down or bottom-up, not 'sideways'");
  }

  @Test
  void unknownBoxFusionIsRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--detectors",
        "centernet,nanodet", "--box-fusion", "vote"), "--box-fusion must be wbf or nms, not 'vote'");
  }

  @Test
  void unknownDetectorInDetectorsIsRefused() {
    assertRefused(run("--input", photos.toString(), "--output", "x", "--detectors",
        "centernet,yolo"), "unknown detector 'yolo' (supported: centernet, nanodet, multipose)");
  }

  @Test
  void bottomUpWithGivenBoxesIsRefused() throws Exception {
    Path coco = tmp.resolve("coco.json");
    Files.writeString(coco, "{\"images\": [], \"annotations\": [], \"categories\": []}");
    Files.createDirectories(tmp.resolve("images"));
    assertRefused(run("--input", coco.toString(), "--output", "x", "--boxes", "gt", "--mode",
        "bottom-up"), "--mode bottom-up finds its own persons");
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    Outcome o = run("--help");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("--input", "--boxes", "--coco-results", "--ensemble");
  }
}

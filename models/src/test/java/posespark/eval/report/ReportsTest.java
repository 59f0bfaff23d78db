package posespark.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.SyntheticCoco;
import posespark.models.keypoints.CocoKeypoints;

/** PR curve PNGs, the HTML report and the JSON stats file. */
class ReportsTest {

  @TempDir
  static Path dir;

  private static CocoEvalResult result;

  @BeforeAll
  static void evaluate() {
    SyntheticCoco.write(dir.resolve("gt.json"), dir.resolve("results.json"), 300, 1);
    result = new CocoEvaluator(EvalParams.keypoints()).evaluate(dir.resolve("gt.json"), dir.resolve("results.json"));
  }

  @Test
  void curveAtLowestThresholdIsNonIncreasingAndStartsAtTheBestPrecision() {
    double[] c = PrCurvePlot.curve(result, 0, 0, 0);
    for (int r = 1; r < c.length; r++) {
      assertThat(c[r]).as("precision at recall level %d", r).isLessThanOrEqualTo(c[r - 1]);
    }
    double mean = 0;
    for (double v : c) {
      mean += v;
    }
    assertThat(mean / c.length).as("mean of the curve is AP50").isCloseTo(result.stats()[1],
        org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void pngDecodesAtTheDocumentedSize() throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(PrCurvePlot.png(result, 0)));
    assertThat(img.getWidth()).isEqualTo(PrCurvePlot.WIDTH).isEqualTo(640);
    assertThat(img.getHeight()).isEqualTo(PrCurvePlot.HEIGHT).isEqualTo(480);
  }

  @Test
  void everyThresholdsCurveIsDrawnInItsColour() throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(PrCurvePlot.png(result, 0)));
    int thresholds = result.params().iouThrs().length;
    for (int t = 0; t < thresholds; t++) {
      int rgb = PrCurvePlot.seriesColor(t, thresholds).getRGB() & 0xffffff;
      assertThat(countPixels(img, rgb)).as("pixels of the curve at threshold %d", t).isGreaterThan(20);
    }
  }

  @Test
  void curveIsDrawnAtItsPrecisionHigherForLooserThresholds() throws Exception {
    // Along a vertical line through the middle of the plot, the loosest threshold's curve (higher
    // precision) lies above the strictest one's: lower y in image rows.
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(PrCurvePlot.png(result, 0)));
    int thresholds = result.params().iouThrs().length;
    double loose = meanRow(img, PrCurvePlot.seriesColor(0, thresholds).getRGB() & 0xffffff);
    double strict = meanRow(img, PrCurvePlot.seriesColor(thresholds - 1, thresholds).getRGB() & 0xffffff);
    double[] c0 = PrCurvePlot.curve(result, 0, 0, 0);
    double[] c9 = PrCurvePlot.curve(result, thresholds - 1, 0, 0);
    assertThat(mean(c0)).as("data: AP50 > AP95").isGreaterThan(mean(c9));
    assertThat(loose).as("mean image row of the OKS 0.50 curve vs the OKS 0.95 curve").isLessThan(strict);
  }

  private static int countPixels(BufferedImage img, int rgb) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          n++;
        }
      }
    }
    return n;
  }

  /** Mean row of the pixels of one colour inside the plot area (legend to the right excluded). */
  private static double meanRow(BufferedImage img, int rgb) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth() * 3 / 4; x++) {
        if ((img.getRGB(x, y) & 0xffffff) == rgb) {
          sum += y;
          n++;
        }
      }
    }
    assertThat(n).as("pixels of colour %06x", rgb).isPositive();
    return sum / n;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  @Test
  void areaWithoutGroundTruthHasNoPlot() throws Exception {
    Path gt = Files.writeString(dir.resolve("tiny-gt.json"), "{\"images\":[{\"id\":1}],\"categories\":[{\"id\":1}],"
        + "\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1,\"area\":20000,\"iscrowd\":0,"
        + "\"bbox\":[0,0,100,200],\"num_keypoints\":0,\"keypoints\":" + zeros() + "}]}");
    Path res = Files.writeString(dir.resolve("tiny-res.json"), "[{\"image_id\":1,\"category_id\":1,\"score\":1,"
        + "\"bbox\":[0,0,100,200]}]");
    CocoEvalResult r = new CocoEvaluator(EvalParams.bbox()).evaluate(gt, res);
    assertThat(PrCurvePlot.png(r, 1)).as("no small boxes").isNull();
    assertThat(PrCurvePlot.png(r, 3)).as("large").isNotNull();
  }

  private static String zeros() {
    return "[" + "0,".repeat(50) + "0]";
  }

  @Test
  void htmlEmbedsOneDecodablePngPerAreaAndThePerKeypointTable() throws Exception {
    Path html = dir.resolve("report.html");
    HtmlReport.write(html, result, CocoKeypoints.NAMES, Map.of("engine", "local"));
    String text = Files.readString(html);
    Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(text);
    int images = 0;
    while (m.find()) {
      assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))).isNotNull();
      images++;
    }
    assertThat(images).isEqualTo(3);
    assertThat(text).contains("right_ankle").contains(result.summaryLines().get(4)).doesNotContain("src=\"http");
  }

  @Test
  void jsonStatsReadBackBitIdentical() throws Exception {
    Path json = dir.resolve("stats.json");
    EvalJson.write(json, result, CocoKeypoints.NAMES, Map.of("engine", "local", "seconds", 1.5));
    JsonNode node = new ObjectMapper().readTree(json.toFile());
    double[] stats = result.stats();
    for (int i = 0; i < stats.length; i++) {
      assertThat(node.get("stats").get(i).asDouble()).isEqualTo(stats[i]);
      assertThat(node.get(StatNames.of(result.params().iouType()).get(i)).asDouble()).isEqualTo(stats[i]);
    }
    assertThat(node.get("run").get("engine").asText()).isEqualTo("local");
    JsonNode nose = node.get("per_keypoint").get(0);
    assertThat(nose.get("pck50").asDouble()).isBetween(0.0, 1.0);
    assertThat(nose.get("mean_similarity").asDouble()).isBetween(0.0, 1.0);
  }
}

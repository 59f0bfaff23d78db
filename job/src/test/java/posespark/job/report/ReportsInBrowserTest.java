package posespark.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.eval.coco.CocoEvalResult;
import posespark.eval.coco.CocoEvaluator;
import posespark.eval.coco.EvalParams;
import posespark.eval.coco.SyntheticCoco;
import posespark.eval.report.HtmlReport;
import posespark.job.annotate.TestPipelineTables;
import posespark.job.spark.LocalSpark;
import posespark.models.keypoints.CocoKeypoints;

/**
 * The run report and the evaluator's report opened in headless Chromium: the screenshot shows a
 * page (not a blank one) and every image element decoded. Tag {@code browser}: run with
 * {@code mvn verify -Pbrowser} (needs Debian's chromium; .ci/run installs it).
 */
@Tag("browser")
class ReportsInBrowserTest {

  /** Appended to a copy of a page: counts its images and those the browser could not decode. */
  private static final String IMAGE_CHECK = "<script>window.addEventListener('load', () => {"
      + "const all = Array.from(document.images);"
      + "const broken = all.filter(i => !i.complete || i.naturalWidth === 0);"
      + "document.body.setAttribute('data-images', all.length);"
      + "document.body.setAttribute('data-broken', broken.length);});</script>";

  @TempDir
  static Path tmp;
  static Chromium chromium;
  static Path runReport;
  static Path evalReport;

  @BeforeAll
  static void writeBothReports() throws Exception {
    chromium = Chromium.find(Files.createDirectories(tmp.resolve("chromium")));
    SparkSession spark = LocalSpark.get();
    Path tables = TestPipelineTables.shared(spark).tables();
    runReport = tmp.resolve("run.html");
    ReportMain main = new ReportMain(new PrintWriter(new StringWriter()));
    new picocli.CommandLine(main).parseArgs("--tables", tables.toString(), "--html", runReport.toString(),
        "--gallery", "2");
    assertThat(main.report(spark)).isZero();

    SyntheticCoco.write(tmp.resolve("gt.json"), tmp.resolve("res.json"), 200, 3);
    CocoEvalResult r = new CocoEvaluator(EvalParams.keypoints()).evaluate(tmp.resolve("gt.json"),
        tmp.resolve("res.json"));
    evalReport = tmp.resolve("eval.html");
    HtmlReport.write(evalReport, r, CocoKeypoints.NAMES, Map.of("engine", "local"));
  }

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  private static BufferedImage picture(int w, int h, Color c) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.WHITE);
    g.fillOval(w / 4, h / 4, w / 2, h / 2);
    g.dispose();
    return img;
  }

  /** images on the page and how many of them the browser could not show. */
  private static int[] imageCheck(Path page) throws Exception {
    Path checked = page.resolveSibling("checked-" + page.getFileName());
    Files.writeString(checked, Files.readString(page).replace("</body>", IMAGE_CHECK + "</body>"));
    String dom = chromium.dumpDom(checked);
    Matcher m = Pattern.compile("data-images=\"(\\d+)\" data-broken=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as("the check ran in the page: %s", dom.substring(0, Math.min(300, dom.length())))
        .isTrue();
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /** Share of non-white pixels and number of distinct colours of a screenshot. */
  private static void assertShowsAPage(Path screenshot, String what) throws Exception {
    BufferedImage shot = ImageIO.read(screenshot.toFile());
    assertThat(shot).as(what + " screenshot decodes").isNotNull();
    long ink = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y += 2) {
      for (int x = 0; x < shot.getWidth(); x += 2) {
        int rgb = shot.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        ink += rgb != 0xffffff ? 1 : 0;
      }
    }
    double share = ink / ((shot.getWidth() / 2.0) * (shot.getHeight() / 2.0));
    assertThat(share).as(what + ": share of non-white pixels").isGreaterThan(0.05);
    assertThat(colours.size()).as(what + ": distinct colours (text, charts, pictures)").isGreaterThan(200);
  }

  @Test
  void runReportRendersWithAllItsImages() throws Exception {
    int[] images = imageCheck(runReport);
    assertThat(images[0]).as("4 charts + 3 pictures (2 best, 1 worst not among them)").isEqualTo(7);
    assertThat(images[1]).as("broken images").isZero();
    assertShowsAPage(chromium.screenshot(runReport, 1200, 3000), "run report");
  }

  @Test
  void evaluatorReportRendersWithItsPrCurves() throws Exception {
    int[] images = imageCheck(evalReport);
    assertThat(images[0]).as("PR curves: all, medium, large").isEqualTo(3);
    assertThat(images[1]).as("broken images").isZero();
    assertShowsAPage(chromium.screenshot(evalReport, 1200, 2400), "evaluator report");
  }

  @Test
  void theCheckSeesABrokenImage() throws Exception {
    Path page = Files.writeString(tmp.resolve("broken.html"), "<!DOCTYPE html><html><body><p>x</p>"
        + "<img alt=\"ok\" src=\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(
            posespark.models.render.PictureFiles.png(picture(20, 20, Color.RED))) + "\">"
        + "<img alt=\"bad\" src=\"data:image/png;base64,iVBORw0KGgoAAAAA\"></body></html>");
    assertThat(imageCheck(page)).containsExactly(2, 1);
  }
}

package posespark.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.RunSummary;
import posespark.job.annotate.TestPipelineTables;
import posespark.job.render.RunTables;
import posespark.job.spark.LocalSpark;

/**
 * The run report on real tables from the annotate job with the test pipeline (one person per image,
 * every keypoint scoring mean red / 255; all-blue images fail in the pipeline).
 */
class ReportMainTest {

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path tables;
  static RunSummary run;
  static String page;

  /** Shared tables: scores 200/255, 40/255, about 120/255; a blue image (pipeline error) and a text file. */
  @BeforeAll
  static void annotateAndReport() throws Exception {
    spark = LocalSpark.get();
    TestPipelineTables.Shared shared = TestPipelineTables.shared(spark);
    tables = shared.tables();
    run = shared.run();
    Path html = tmp.resolve("report.html");
    StringWriter out = new StringWriter();
    ReportMain main = new ReportMain(new PrintWriter(out, true));
    new picocli.CommandLine(main).parseArgs("--tables", tables.toString(), "--html", html.toString(),
        "--gallery", "2");
    main.check();
    assertThat(main.report(spark)).isZero();
    assertThat(out.toString()).startsWith("report: run " + run.runId() + " -> " + html);
    page = Files.readString(html);
  }

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  private static RunStats stats() {
    return new RunStats(RunTables.open(spark, tables.toString()), run.runId());
  }

  @Test
  void countsAndErrorsByMessageComeFromTheTables() {
    assertThat(stats().counts()).containsExactly(5, 3, 2, 3);
    Map<String, Long> errors = stats().errorsByMessage(10);
    assertThat(errors).containsEntry("test pipeline refuses blue images", 1L).hasSize(2);
    assertThat(errors.keySet()).anyMatch(m -> m.startsWith("not an image"));
    assertThat(page).contains("<td>5</td><td>3</td><td>2</td><td>3</td><td>1.00</td>")
        .contains("test pipeline refuses blue images");
  }

  @Test
  void histogramsBinTheScoresAndPersons() {
    long[] scores = stats().poseScoreHistogram();
    // 200/255 = 0.78, 40/255 = 0.16, about 120/255 = 0.47 (pose score = box score 1 × keypoint score).
    assertThat(scores).containsExactly(0, 1, 0, 0, 1, 0, 0, 1, 0, 0);
    long[] persons = stats().personsPerImage();
    assertThat(persons[1]).as("ok images with one person").isEqualTo(3);
    assertThat(java.util.Arrays.stream(persons).sum()).isEqualTo(3);
    double[] visible = stats().visibility(0.3);
    for (double v : visible) {
      assertThat(v).as("2 of 3 persons score above 0.3 everywhere").isCloseTo(2 / 3.0, within(1e-12));
    }
  }

  @Test
  void timePerStepListsTheStepsOfTheImagesTable() {
    assertThat(stats().timePerStep()).containsKeys("read_file", "decode_image", "pose");
    assertThat(page).contains("<td class=\"l\">read_file</td>");
  }

  @Test
  void pageIsSelfContainedWithFourChartsAndTheBestAndWorstPictures() throws Exception {
    Matcher m = Pattern.compile("src=\"data:(image/(png|jpeg));base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    List<BufferedImage> images = new ArrayList<>();
    while (m.find()) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(3))));
      assertThat(img).as("decodable %s", m.group(1)).isNotNull();
      images.add(img);
    }
    // 4 charts, then best 2 (red, photo) and worst 2 less those already shown (dark).
    assertThat(images).hasSize(7);
    assertThat(images.get(0).getWidth()).as("chart width").isEqualTo(640);
    assertThat(page).doesNotContain("src=\"http").doesNotContain("src=\"file");
    int best = page.indexOf("Best images");
    int worst = page.indexOf("Worst images");
    assertThat(page.indexOf("red.png", best)).isBetween(best, worst);
    assertThat(page.indexOf("dark.png", worst)).isGreaterThan(worst);
    assertThat(images.get(4).getWidth()).as("red.png drawn at its size (under 480 px)").isEqualTo(320);
  }

  @Test
  void missingTablesAndUnknownRunsAreOneLineErrors() {
    assertThatThrownBy(() -> report("--tables", tmp.resolve("nowhere").toString(), "--html",
        tmp.resolve("x.html").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--tables ")
        .hasMessageContaining("no runs table there");
    assertThatThrownBy(() -> report("--tables", tables.toString(), "--html", tmp.resolve("x.html").toString(),
        "--run", "r-nope")).hasMessageStartingWith("--run r-nope: no such run");
    assertThatThrownBy(() -> report("--tables", tables.toString(), "--html", tmp.resolve("no/x.html").toString()))
        .hasMessageContaining("no such folder");
  }

  @Test
  void commandLineRefusesUnknownOptionsWithExitTwo() {
    StringWriter err = new StringWriter();
    int code = ReportMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--tables", "x",
        "--html", "y", "--bogus");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("report: Unknown option: '--bogus' (see --help)\n");
  }

  private static int report(String... args) throws Exception {
    ReportMain main = new ReportMain(new PrintWriter(new StringWriter()));
    new picocli.CommandLine(main).parseArgs(args);
    main.check();
    return main.report(spark);
  }
}

package posespark.job.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.annotate.RunSummary;
import posespark.job.annotate.TestPipelineTables;
import posespark.job.spark.LocalSpark;
import posespark.models.render.ScoreColors;

/**
 * submit/render's command on real tables written by the annotate job (test pipeline: one person
 * per image, keypoint k at fraction (k + 1) / 18 of the diagonal, score = mean red / 255).
 */
class RenderMainTest {

  @TempDir
  static Path tmp;
  static SparkSession spark;
  static Path tables;
  static RunSummary run;

  /** red.png scores 200/255, dark.png 40/255 (below --min-score), photo.jpg about 120/255; two errors. */
  @BeforeAll
  static void annotate() throws Exception {
    spark = LocalSpark.get();
    TestPipelineTables.Shared shared = TestPipelineTables.shared(spark);
    tables = shared.tables();
    run = shared.run();
  }

  @AfterAll
  static void stopSpark() {
    LocalSpark.stop();
  }

  private static BufferedImage filled(int w, int h, Color c) {
    return TestPipelineTables.filled(w, h, c);
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome render(String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    RenderMain main = new RenderMain(new PrintWriter(out, true));
    picocli.CommandLine cli = new picocli.CommandLine(main);
    cli.parseArgs(args);
    int code;
    try {
      main.check();
      code = main.render(spark);
    } catch (Exception e) {
      String line = RenderMain.badInput(e);
      if (line == null) {
        throw e;
      }
      err.write("render: " + line);
      code = 2;
    }
    return new Outcome(code, out.toString(), err.toString());
  }

  private static Color pixel(Path picture, double x, double y) throws Exception {
    return new Color(ImageIO.read(picture.toFile()).getRGB((int) x, (int) y));
  }

  @Test
  void latestRunDrawsEveryImageNamedAfterItInItsFormat() throws Exception {
    Path out = tmp.resolve("all");
    Outcome o = render("--tables", tables.toString(), "--out", out.toString());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).startsWith("render: 3 pictures (3 persons) -> " + out);
    assertThat(ImageIO.read(out.resolve("red.png").toFile()).getWidth()).isEqualTo(320);
    assertThat(ImageIO.read(out.resolve("dark.png").toFile()).getHeight()).isEqualTo(300);
    assertThat(Files.readAllBytes(out.resolve("photo.jpg"))).as("JPEG stays JPEG").startsWith(0xff, 0xd8, 0xff);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("red.png", "dark.png",
          "photo.jpg");
    }
  }

  @Test
  void keypointsSitWhereTheTableSaysInTheirScoreColour() throws Exception {
    Path out = tmp.resolve("colours");
    assertThat(render("--tables", tables.toString(), "--out", out.toString(), "--run", run.runId()).code()).isZero();
    double score = 200 / 255.0;
    for (int k : new int[] {0, 4, 8}) { // the legend covers the bottom-right corner
      double f = (k + 1) / 18.0;
      assertThat(pixel(out.resolve("red.png"), f * 320, f * 240)).as("keypoint %d of red.png", k)
          .isEqualTo(ScoreColors.of(score));
    }
    // dark.png's keypoints score 40/255 < 0.3: hollow rings, the photo shows through their centres.
    double f = 9 / 18.0;
    assertThat(pixel(out.resolve("dark.png"), f * 200, f * 300)).isEqualTo(new Color(40, 90, 90));
  }

  @Test
  void queryReturningPosesDrawsExactlyThose() throws Exception {
    Path out = tmp.resolve("query");
    Outcome o = render("--tables", tables.toString(), "--out", out.toString(), "--gallery", "-e",
        "SELECT uri, bbox, keypoints, pose_score FROM poses WHERE pose_score > 0.5");
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out()).startsWith("render: 1 pictures (1 persons)");
    assertThat(out.resolve("red.png")).exists();
    assertThat(out.resolve("dark.png")).doesNotExist();
    assertThat(Files.readString(out.resolve("index.html"))).contains("<img src=\"red.png\"")
        .doesNotContain("dark.png");
  }

  @Test
  void queryReturningUrisDrawsThoseImagesWithAllTheirPosesAndLimitCaps() throws Exception {
    Path out = tmp.resolve("uris");
    Outcome o = render("--tables", tables.toString(), "--out", out.toString(), "--limit", "1", "--gallery", "-e",
        "SELECT uri FROM images WHERE width < 300 AND status = 'ok'");
    assertThat(o.code()).as(o.err()).isZero();
    // width < 300: dark.png (200) and photo.jpg (160); the first by uri is dark.png.
    assertThat(out.resolve("dark.png")).exists();
    assertThat(out.resolve("photo.jpg")).doesNotExist();
    String html = Files.readString(out.resolve("index.html"));
    assertThat(html).contains("<img src=\"dark.png\"").contains("1 person");
    assertThat(out.resolve(".dark.png.crc")).as("no checksum side files").doesNotExist();
  }

  @Test
  void anImageThatCannotBeReadIsReportedNotFatal() throws Exception {
    Outcome o = render("--tables", tables.toString(), "--out", tmp.resolve("gone").toString(), "-e",
        "SELECT CASE WHEN uri LIKE '%dark.png' THEN concat(uri, '.gone') ELSE uri END AS uri, bbox, keypoints "
            + "FROM poses");
    assertThat(o.code()).isZero();
    assertThat(o.out()).contains("render: 2 pictures (2 persons)").contains("not drawn: ")
        .contains("dark.png.gone: cannot read").contains("no such file");
  }

  @Test
  void eachOpenedFolderKeepsItsOwnTablesWhenAnotherTakesTheViewNames() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos-other"));
    ImageIO.write(filled(32, 32, new Color(10, 200, 10)), "png", photos.resolve("green.png").toFile());
    Path other = tmp.resolve("tables-other");
    TestPipelineTables.annotate(spark, photos, other, tmp.resolve("conf-other"));
    RunTables first = RunTables.open(spark, tables.toString());
    RunTables second = RunTables.open(spark, other.toString());
    assertThat(first.images().count()).as("first folder's images").isEqualTo(5);
    assertThat(second.images().count()).isEqualTo(1);
    assertThat(spark.table("images").count()).as("the views name the folder opened last").isEqualTo(1);
    assertThat(first.latestRun()).isEqualTo(run.runId()).isNotEqualTo(second.latestRun());
  }

  @Test
  void aRunShowsItsConfidentPosesUnlessCandidatesAreAsked() throws Exception {
    Path strict = tmp.resolve("tables-strict");
    TestPipelineTables.annotate(spark, TestPipelineTables.shared(spark).photos(), strict, tmp.resolve("conf-strict"),
        "--min-pose-score", "0.5");
    long confident = spark.read().parquet(strict.resolve("poses").toString()).where("confident").count();
    long all = spark.read().parquet(strict.resolve("poses").toString()).count();
    assertThat(confident).as("poses above 0.5").isPositive().isLessThan(all);
    Outcome shown = render("--tables", strict.toString(), "--out", tmp.resolve("confident").toString());
    assertThat(shown.out()).startsWith("render: 3 pictures (" + confident + " persons)");
    Outcome every = render("--tables", strict.toString(), "--out", tmp.resolve("candidates").toString(),
        "--candidates");
    assertThat(every.out()).startsWith("render: 3 pictures (" + all + " persons)");
  }

  @Test
  void badArgumentsAndQueriesEndWithOneLine() throws Exception {
    String t = tables.toString();
    String o = tmp.resolve("bad").toString();
    assertThat(render("--tables", t, "--out", o, "--run", "x", "-e", "SELECT uri FROM images").err())
        .isEqualTo("render: -e and --run exclude each other");
    assertThat(render("--tables", t, "--out", o, "--run", "r-nope").err())
        .startsWith("render: --run r-nope: no such run in ").contains(run.runId());
    assertThat(render("--tables", tmp.toString(), "--out", o).err())
        .startsWith("render: --tables ").contains("no runs table there");
    assertThat(render("--tables", t, "--out", o, "-e", "SELECT width FROM images").err())
        .startsWith("render: -e: the query must return a uri column");
    Outcome sqlError = render("--tables", t, "--out", o, "-e", "SELECT uri FROM nosuch");
    assertThat(sqlError.code()).isEqualTo(2);
    assertThat(sqlError.err()).startsWith("render: ").contains("nosuch").doesNotContain("\n");
    assertThat(render("--tables", t, "--out", o, "--limit", "0").err()).contains("--limit must be at least 1");
  }

  @Test
  void commandLineRefusesUnknownOptionsWithExitTwo() {
    StringWriter err = new StringWriter();
    int code = RenderMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--tables", "x",
        "--out", "y", "--bogus");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("render: Unknown option: '--bogus'").endsWith("(see --help)\n");
  }
}

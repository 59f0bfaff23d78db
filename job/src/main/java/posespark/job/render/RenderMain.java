package posespark.job.render;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.job.launch.Launcher;

/**
 * {@code submit/render}: draws boxes, skeletons and score-coloured keypoints onto the original
 * images of a run (or of what a SQL query selects) and writes one picture per image, plus an
 * {@code index.html} contact sheet with {@code --gallery}.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Draw the poses of the tables under --tables onto their images.")
public final class RenderMain implements Callable<Integer> {

  @Option(names = "--tables", required = true, paramLabel = "DIR",
      description = "an annotate --output folder (poses/, images/, runs/)")
  String tables;

  @Option(names = "-e", paramLabel = "SQL", description = "query over the views poses, images, runs returning "
      + "uri (+ run_id) to draw those images, or uri, bbox, keypoints (+ pose_score) to draw exactly those poses")
  String sql;

  @Option(names = "--run", paramLabel = "ID", description = "run to draw (default: the latest successful run)")
  String run;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the pictures")
  String out;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
      description = "draw at most N images (by uri); default ${DEFAULT-VALUE}")
  int limit;

  @Option(names = "--min-score", defaultValue = "0.3", paramLabel = "S",
      description = "keypoints scoring below S are drawn as rings without limbs; default ${DEFAULT-VALUE}")
  double minScore;

  @Option(names = "--candidates", description = "draw every candidate pose, not only the confident ones "
      + "(the confident column; poses below --min-pose-score of the run are candidates)")
  boolean candidates;

  @Option(names = "--gallery", description = "also write index.html, a contact sheet of the pictures")
  boolean gallery;

  private final PrintWriter stdout;

  RenderMain(PrintWriter stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws IOException {
    check();
    SparkSession spark = Launcher.session("posespark render").getOrCreate();
    try {
      return render(spark);
    } finally {
      spark.stop();
    }
  }

  void check() {
    if (sql != null && run != null) {
      throw new IllegalArgumentException("-e and --run exclude each other");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
    }
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("--min-score must be within [0, 1], not " + minScore);
    }
  }

  /** Runs on a given session (tests); returns the exit code. */
  int render(SparkSession spark) throws IOException {
    RunTables t = RunTables.open(spark, tables);
    Dataset<Row> selection = sql != null ? Selection.ofQuery(t, sql, limit, candidates)
        : Selection.ofRun(t, t.run(run), limit, candidates);
    Path dir = new Path(out);
    FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.mkdirs(dir);
    // No .crc side files beside the pictures on a local disk (Hadoop's checksummed local file system).
    fs.setWriteChecksum(false);
    List<RenderedPicture> pictures = new Renderer(spark, minScore).writeTo(selection, dir.toString());
    if (gallery) {
      try (OutputStream o = fs.create(new Path(dir, "index.html"), true)) {
        o.write(Gallery.html("posespark: " + (sql != null ? sql : t.run(run)), pictures)
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    long ok = pictures.stream().filter(RenderedPicture::ok).count();
    int persons = pictures.stream().filter(RenderedPicture::ok).mapToInt(RenderedPicture::persons).sum();
    stdout.printf(Locale.ROOT, "render: %d pictures (%d persons) -> %s%s%n", ok, persons, out,
        gallery ? "/index.html" : "");
    for (RenderedPicture p : pictures) {
      if (!p.ok()) {
        stdout.printf(Locale.ROOT, "render: not drawn: %s: %s%n", p.uri(), p.error());
      }
    }
    stdout.flush();
    return pictures.isEmpty() || ok > 0 ? 0 : 1;
  }

  /** Runs the command; bad input ends with one line on stderr and exit status 2. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return Launcher.run("render", new RenderMain(out), out, err, RenderMain::badInput, args);
  }

  /** The one line for an error caused by the arguments or the query (bad SQL included), or null. */
  static String badInput(Exception e) {
    return e instanceof IllegalArgumentException || e instanceof AnalysisException
        ? Launcher.firstLine(e.getMessage()) : null;
  }

  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    if (code != 0) {
      System.exit(code);
    }
  }
}

package posespark.job.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.job.launch.Launcher;
import posespark.job.render.RunTables;

/** {@code submit/report}: one self-contained HTML page about a run of the tables under --tables. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Write a self-contained HTML report of one annotate run.")
public final class ReportMain implements Callable<Integer> {

  @Option(names = "--tables", required = true, paramLabel = "DIR",
      description = "an annotate --output folder (poses/, images/, runs/)")
  String tables;

  @Option(names = "--run", paramLabel = "ID", description = "run to report (default: the latest successful run)")
  String run;

  @Option(names = "--html", required = true, paramLabel = "FILE", description = "the page to write")
  Path html;

  @Option(names = "--min-score", defaultValue = "0.3", paramLabel = "S",
      description = "keypoint score that counts as visible; default ${DEFAULT-VALUE}")
  double minScore;

  @Option(names = "--gallery", defaultValue = "4", paramLabel = "N",
      description = "best and worst images to draw (N each); default ${DEFAULT-VALUE}")
  int gallery;

  private final PrintWriter stdout;

  ReportMain(PrintWriter stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws IOException {
    check();
    SparkSession spark = Launcher.session("posespark report").getOrCreate();
    try {
      return report(spark);
    } finally {
      spark.stop();
    }
  }

  void check() {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("--min-score must be within [0, 1], not " + minScore);
    }
    if (gallery < 0) {
      throw new IllegalArgumentException("--gallery must be 0 or more, not " + gallery);
    }
    Path parent = html.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--html " + html + ": no such folder " + parent);
    }
  }

  /** Runs on a given session (tests); returns the exit code. */
  int report(SparkSession spark) throws IOException {
    RunTables t = RunTables.open(spark, tables);
    String runId = t.run(run);
    String page = new RunReport(spark, t, minScore, gallery).html(runId);
    Files.writeString(html, page, StandardCharsets.UTF_8);
    stdout.printf(Locale.ROOT, "report: run %s -> %s (%d KB)%n", runId, html, (page.length() + 1023) / 1024);
    stdout.flush();
    return 0;
  }

  /** The one line for an error caused by the arguments or the tables, or null. */
  static String badInput(Exception e) {
    return e instanceof IllegalArgumentException || e instanceof AnalysisException
        ? Launcher.firstLine(e.getMessage()) : null;
  }

  /** Runs the command; bad input ends with one line on stderr and exit status 2. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return Launcher.run("report", new ReportMain(out), out, err, ReportMain::badInput, args);
  }

  public static void main(String[] args) {
    int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    if (code != 0) {
      System.exit(code);
    }
  }
}

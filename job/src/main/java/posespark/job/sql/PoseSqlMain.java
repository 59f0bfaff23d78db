package posespark.job.sql;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import posespark.job.launch.Launcher;
import posespark.udf.PoseFunctions;

/**
 * {@code submit/pose-sql}: SQL over the tables of {@code submit/annotate --output DIR}, with
 * posespark's functions registered and the views {@code poses}, {@code images}, {@code runs}
 * ({@link PoseViews}). Runs {@code -e SQL}, {@code -f FILE} or an interactive prompt. Results go to
 * stdout; a failed statement prints one line on stderr and the exit status is 1; bad arguments
 * exit with 2.
 */
@Command(name = "pose-sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = "SQL over posespark's poses/images/runs tables, with posespark's SQL functions.",
    footer = {"", "Launcher options: --master URL (Spark master, default local[*]) and --spark-conf KEY=VALUE go to"
        + " spark-submit.", "Exit status: 0 ok, 1 a statement failed (one line on stderr), 2 bad arguments."})
public final class PoseSqlMain implements Callable<Integer> {

  @Option(names = "--tables", required = true, paramLabel = "DIR",
      description = "the folder submit/annotate --output wrote (DIR/poses, DIR/images, DIR/runs)")
  String tables;

  @Option(names = "--all-runs",
      description = "views hold every run's rows; default: for each image only its latest successful run's")
  boolean allRuns;

  @Option(names = "-e", paramLabel = "SQL", description = "run these statements (separated by ;) and exit")
  String sql;

  @Option(names = "-f", paramLabel = "FILE", description = "run the statements in FILE and exit")
  Path file;

  @Option(names = "--format", defaultValue = "table", paramLabel = "table|tsv|csv|json",
      description = "result format; tsv, csv and json print only header and rows on stdout; default ${DEFAULT-VALUE}")
  String format;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  PoseSqlMain(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    OutputFormat outputFormat = OutputFormat.parse(format);
    if (sql != null && file != null) {
      throw new IllegalArgumentException("give -e SQL or -f FILE, not both");
    }
    String script = sql;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("-f " + file + ": no such file");
      }
      script = Files.readString(file);
    }
    SparkSession spark = Launcher.session("posespark-sql").getOrCreate();
    PoseFunctions.register(spark);
    PoseViews.register(spark, tables, allRuns);
    ResultPrinter printer = new ResultPrinter(outputFormat, out);
    if (script != null) {
      List<String> statements = SqlStatements.split(script);
      if (statements.isEmpty()) {
        throw new IllegalArgumentException("no SQL statement given");
      }
      for (String s : statements) {
        if (!execute(spark, printer, s)) {
          return 1;
        }
      }
      return 0;
    }
    boolean terminal = in == System.in && System.console() != null;
    SqlPrompt.LineSource lines = terminal
        ? SqlPrompt.terminal(Path.of(System.getProperty("user.home"), ".pose-sql_history"))
        : SqlPrompt.piped(in);
    return new SqlPrompt(lines).run(s -> execute(spark, printer, s));
  }

  private boolean execute(SparkSession spark, ResultPrinter printer, String statement) {
    try {
      printer.print(spark.sql(statement));
      return true;
    } catch (Exception e) {
      out.flush();
      err.println("pose-sql: " + SqlErrors.oneLine(e));
      return false;
    }
  }

  /** Runs the command; bad arguments end with one line on stderr and status 2. */
  public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return Launcher.run("pose-sql", new PoseSqlMain(in, out, err), new PrintWriter(out, true),
        new PrintWriter(err, true),
        e -> e instanceof IllegalArgumentException || e instanceof java.io.IOException
            ? String.valueOf(e.getMessage()) : null, args);
  }

  public static void main(String[] args) {
    int status = run(System.in, System.out, System.err, args);
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    System.exit(status);
  }
}

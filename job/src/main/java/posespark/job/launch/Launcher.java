package posespark.job.launch;

import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * What the picocli launchers ({@code submit/render}, {@code report}, {@code evaluate},
 * {@code pose-sql}, {@code annotate}, {@code nightly}) share: their exit status for bad input, one-line error messages, and the
 * defaults of the Spark session a driver starts.
 */
public final class Launcher {

  /** Exit status for bad arguments or input, after one line on stderr. */
  public static final int BAD_INPUT = 2;

  private Launcher() {}

  /**
   * Runs a picocli command and returns its exit status. A bad command line, and an exception for
   * which {@code badInput} returns a line, end with {@code NAME: LINE} on {@code err} and
   * {@link #BAD_INPUT}; any other exception propagates.
   */
  public static int run(String name, Object command, PrintWriter out, PrintWriter err,
      Function<Exception, String> badInput, String... args) {
    CommandLine cli = new CommandLine(command).setOut(out).setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println(name + ": " + firstLine(e.getMessage()) + " (see --help)");
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((e, c, p) -> {
      String line = badInput.apply(e);
      if (line != null) {
        err.println(name + ": " + line);
        return BAD_INPUT;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /**
   * The outcome of {@link #parseFirst}: the resolved settings, or none and the exit status to end
   * with (0 after {@code --help}/{@code --version}, {@link #BAD_INPUT} after one error line).
   */
  public record Parsed<S>(S settings, int exitStatus) {

    /** True when the launcher has nothing left to do but exit with {@link #exitStatus()}. */
    public boolean done() {
      return settings == null;
    }
  }

  /**
   * Parses and checks a command line before Spark starts, for launchers that must not start a
   * session on bad arguments: help and version go to {@code out}; a bad command line, or an
   * {@link IllegalArgumentException} from {@code resolve}, is one {@code NAME: LINE} on {@code err}.
   */
  public static <C, S> Parsed<S> parseFirst(String name, C command, String[] args, PrintWriter out,
      PrintWriter err, Function<C, S> resolve) {
    CommandLine line = new CommandLine(command).setOut(out).setErr(err);
    try {
      line.parseArgs(args);
      if (line.isUsageHelpRequested()) {
        line.usage(out);
        return new Parsed<>(null, 0);
      }
      if (line.isVersionHelpRequested()) {
        out.println("posespark " + name);
        return new Parsed<>(null, 0);
      }
      return new Parsed<>(resolve.apply(command), 0);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println(name + ": " + firstLine(e.getMessage()) + " (see --help)");
      return new Parsed<>(null, BAD_INPUT);
    }
  }

  /** The first line of an error message ({@code bad arguments} when there is none). */
  public static String firstLine(String message) {
    return message == null ? "bad arguments" : message.lines().findFirst().orElse("bad arguments");
  }

  /**
   * A session builder for a driver: master {@code local[*]} and the web UI off, unless
   * spark-submit ({@code --master}, {@code --spark-conf}) set them.
   */
  public static SparkSession.Builder session(String appName) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.ui.enabled", conf.get("spark.ui.enabled", "false"));
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    return builder;
  }
}

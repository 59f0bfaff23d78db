package posespark.job.launch;

import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * What the picocli launchers ({@code submit/render}, {@code report}, {@code evaluate},
 * {@code pose-sql}) share: their exit status for bad input, one-line error messages, and the
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

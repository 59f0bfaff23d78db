package posespark.job.annotate;

import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import posespark.job.launch.Launcher;

/**
 * {@code submit/annotate}: parses and validates the command line and configuration (failing with
 * one line and exit code 2 before Spark starts), then runs {@link AnnotateJob} and prints a
 * one-line summary. Exit code 1 when the run fails.
 */
public final class AnnotateMain {

  private AnnotateMain() {}

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, conf -> SparkSession.builder().config(conf).getOrCreate());
  }

  /** As {@link #execute(String[], PrintWriter, PrintWriter)}, with the way Spark is started. */
  static int execute(String[] args, PrintWriter out, PrintWriter err,
      Function<SparkConf, SparkSession> startSpark) {
    AnnotateCommand cli = new AnnotateCommand();
    Launcher.Parsed<AnnotateSettings> parsed =
        Launcher.parseFirst("annotate", cli, args, out, err, AnnotateConfig::resolve);
    if (parsed.done()) {
      return parsed.exitStatus();
    }
    AnnotateSettings settings = parsed.settings();
    SparkConf conf = new SparkConf().setAppName("posespark annotate " + settings.dataset());
    if (!conf.contains("spark.master")) {
      conf.setMaster(cli.master == null ? "local[*]" : cli.master);
    }
    PipelineWarmupPlugin.enable(conf, settings.task());
    SparkSession spark = startSpark.apply(conf);
    try {
      RunSummary summary = new AnnotateJob(spark, settings).run();
      out.println(summary.line(settings.output()));
      return 0;
    } catch (Exception e) {
      err.println("annotate: run failed: " + String.valueOf(e.getMessage()).lines().findFirst()
          .orElse(e.toString()));
      return 1;
    } finally {
      spark.stop();
    }
  }
}

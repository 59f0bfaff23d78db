package posespark.job.nightly;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import posespark.job.annotate.RunSummary;
import posespark.job.launch.Launcher;

/**
 * {@code submit/nightly}: checks the command line before Spark starts (exit 2 with one line), runs
 * {@link NightlyJob} and prints one summary line last on stdout. Exit 0 when the run committed (or
 * only planned), 1 when it failed, 3 when another nightly run holds the tables' lock.
 */
public final class NightlyMain {

  static final int FAILED = 1;
  static final int BAD_ARGUMENTS = Launcher.BAD_INPUT;
  static final int LOCKED = 3;

  private NightlyMain() {}

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
        conf -> SparkSession.builder().config(conf).getOrCreate());
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command with Spark started by {@code startSpark}; returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err,
      Function<SparkConf, SparkSession> startSpark) {
    return execute(args, out, err, startSpark, true);
  }

  /** As above; {@code stopSpark} false leaves the session running (tests share one). */
  static int execute(String[] args, PrintWriter out, PrintWriter err,
      Function<SparkConf, SparkSession> startSpark, boolean stopSpark) {
    NightlyCommand cli = new NightlyCommand();
    Launcher.Parsed<NightlySettings> parsed =
        Launcher.parseFirst("nightly", cli, args, out, err, NightlySettings::resolve);
    if (parsed.done()) {
      return parsed.exitStatus();
    }
    NightlySettings settings = parsed.settings();
    SparkConf conf = new SparkConf().setAppName("posespark nightly " + settings.annotate().dataset());
    if (!conf.contains("spark.master")) {
      conf.setMaster(cli.master() == null ? "local[*]" : cli.master());
    }
    SparkSession spark = startSpark.apply(conf);
    try {
      NightlyJob.Outcome outcome = new NightlyJob(spark, settings).run();
      out.println(summaryLine(outcome, settings));
      return 0;
    } catch (RunLock.HeldException e) {
      out.println("nightly: refused: " + firstLine(e));
      return LOCKED;
    } catch (Exception | Error e) {
      out.println("nightly: run failed: " + firstLine(e));
      return FAILED;
    } finally {
      if (stopSpark) {
        spark.stop();
      }
    }
  }

  static String summaryLine(NightlyJob.Outcome o, NightlySettings settings) {
    if (o.summary() == null) {
      return o.plan().line();
    }
    RunSummary s = o.summary();
    String where = settings.iceberg() == null ? settings.annotate().output()
        : settings.iceberg().describe();
    return String.format(Locale.ROOT,
        "nightly: %s %s: %s; annotated %d images (%d ok, %d errors), %d persons in %.1f s; "
            + "run %s -> %s",
        settings.annotate().dataset(), settings.annotate().runDate(), o.plan().line(), s.images(),
        s.images() - s.errors(), s.errors(), s.persons(), s.wallSeconds(), o.runId(), where);
  }

  private static String firstLine(Throwable e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
  }
}

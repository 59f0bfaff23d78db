package posespark.job.annotate;

import java.util.Locale;

/**
 * Named points of a run where fault-injection tests stop the driver: when the environment variable
 * {@code POSESPARK_PAUSE_AT} (or system property {@code posespark.pause-at}) names the point, the
 * JVM that reaches it prints {@code posespark: paused at NAME} to stderr and sleeps, so that the
 * test can kill it there with SIGKILL. Unset (always, outside such tests) it does nothing.
 */
public final class PausePoints {

  /** Inside an annotation task, before its first image. */
  public static final String INFERENCE = "inference";
  /** After the images table's files are written, before the poses table's. */
  public static final String WRITING = "writing";

  private static final long PAUSE_MILLIS = 600_000;

  private PausePoints() {}

  /** After {@code table}'s rows of the run are committed (e.g. {@code committed-poses}). */
  public static String committed(String table) {
    return "committed-" + table;
  }

  /** Pauses here if this point is the one named; returns at once otherwise. */
  public static void reach(String point) {
    String wanted = System.getProperty("posespark.pause-at", System.getenv("POSESPARK_PAUSE_AT"));
    if (wanted == null || !wanted.strip().toLowerCase(Locale.ROOT).equals(point)) {
      return;
    }
    System.err.println("posespark: paused at " + point);
    System.err.flush();
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

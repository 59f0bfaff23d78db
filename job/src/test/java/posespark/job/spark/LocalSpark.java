package posespark.job.spark;

import org.apache.spark.sql.SparkSession;

/**
 * A real {@code local[2]} SparkSession on loopback, shared by the tests of one class; {@link #stop}
 * after the class so that later test classes (e.g. ones on a standalone cluster, whose
 * {@code getOrCreate} would otherwise return this session) start their own.
 */
public final class LocalSpark {

  private LocalSpark() {}

  public static synchronized SparkSession get() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("posespark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /** Stops the session of this JVM, if any. */
  public static synchronized void stop() {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }
}

package posespark.job.spark;

import org.apache.spark.sql.SparkSession;

/** One real {@code local[2]} SparkSession on loopback for a test JVM. */
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
}

package posespark.udf;

import org.apache.spark.sql.SparkSession;

/**
 * A real local[2] SparkSession on loopback, shared by this module's test classes (starting one costs
 * seconds); {@link PoseSqlExtensionsTest} stops it to build its own with only the extension set.
 */
final class TestSpark {

  private TestSpark() {}

  static SparkSession builder(String extensions) {
    SparkSession.Builder b = SparkSession.builder()
        .master("local[2]")
        .appName("posespark-udf-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2");
    if (extensions != null) {
      b.config("spark.sql.extensions", extensions);
    }
    return b.getOrCreate();
  }

  static void stop() {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    SparkSession.clearDefaultSession();
    SparkSession.clearActiveSession();
  }
}

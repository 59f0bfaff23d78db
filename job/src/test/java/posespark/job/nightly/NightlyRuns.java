package posespark.job.nightly;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import posespark.job.annotate.ImageSizeTestPipeline;
import posespark.models.image.ImageFiles;

/** Runs {@link NightlyMain} in this JVM (real local[2] Spark) and reads what it wrote. */
final class NightlyRuns {

  private NightlyRuns() {}

  /** Exit code, stdout lines and stderr of one run. */
  record Outcome(int code, List<String> out, String err) {
    String lastLine() {
      return out.isEmpty() ? "" : out.get(out.size() - 1);
    }
  }

  /** A --conf file selecting the test pipeline (a pure function of the pixels), plus HOCON lines. */
  static Path testConf(Path dir, String... extra) {
    try {
      Files.createDirectories(dir);
      Path conf = Files.createTempFile(dir, "nightly-", ".conf");
      List<String> lines = new ArrayList<>();
      lines.add("posespark.pipeline.factory = \"" + ImageSizeTestPipeline.Factory.class.getName()
          + "\"");
      lines.add("posespark.annotate.progress-interval = 1s");
      lines.addAll(List.of(extra));
      Files.write(conf, lines);
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a small JPEG photo named {@code name}, each one different. */
  static Path photo(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      int size = 24 + Math.floorMod(name.hashCode(), 16);
      return Files.write(dir.resolve(name), ImageFiles.jpeg(ImageFiles.picture(size, size), false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = NightlyMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
        conf -> SparkSession.builder().config(conf)
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate(), false);
    return new Outcome(code, out.toString().lines().toList(), err.toString());
  }

  /** The local[2] session the runs share (stop it after the test class). */
  static SparkSession spark() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("nightly-test-reader")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }

  /** One number from DuckDB over plain Parquet tables under {@code output}. */
  static long duckCount(Path output, String sqlWithTables) {
    String sql = sqlWithTables;
    for (String table : List.of("images", "poses", "runs")) {
      sql = sql.replace("{" + table + "}", "read_parquet('" + output.resolve(table)
          + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}

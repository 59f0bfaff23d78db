package posespark.job.sql.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import posespark.models.bench.CpuPeak;
import posespark.udf.PoseFunctions;

/**
 * {@code submit/bench sql}: one query computing {@code keypoint}, {@code joint_angle} and
 * {@code visible_count} over a generated poses table, four ways side by side in rounds: posespark's
 * functions (Catalyst expressions), the same functions as typed Java UDFs, and the same computation
 * written with Spark's built-in expressions (counting with {@code filter} and a lambda, or unrolled
 * into 17 terms). Prints each way's time and its ratio to the built-in one, plus the sums so that
 * all are seen to compute the same thing.
 */
public final class SqlFunctionBenchmark {

  /** Shoulder-elbow-wrist angle from the keypoints' x/y with built-ins (atan2 of cross and dot). */
  private static final String BUILT_IN_ANGLE;

  static {
    String ux = "(keypoints[5].x - keypoints[7].x)";
    String uy = "(keypoints[5].y - keypoints[7].y)";
    String vx = "(keypoints[9].x - keypoints[7].x)";
    String vy = "(keypoints[9].y - keypoints[7].y)";
    BUILT_IN_ANGLE = "degrees(atan2(abs(" + ux + " * " + vy + " - " + uy + " * " + vx + "), "
        + ux + " * " + vx + " + " + uy + " * " + vy + "))";
  }

  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("built-in", "SELECT sum(keypoints[9].x), sum(" + BUILT_IN_ANGLE + "), "
        + "sum(size(filter(keypoints, k -> k.score >= 0.3D))) FROM bench_poses");
    // The same count unrolled into 17 terms: no lambda, so Spark generates code for all of it.
    StringBuilder unrolled = new StringBuilder();
    for (int k = 0; k < 17; k++) {
      unrolled.append(k == 0 ? "" : " + ").append("IF(keypoints[").append(k).append("].score >= 0.3D, 1, 0)");
    }
    QUERIES.put("built-in-unrolled", "SELECT sum(keypoints[9].x), sum(" + BUILT_IN_ANGLE + "), "
        + "sum(" + unrolled + ") FROM bench_poses");
    QUERIES.put("posespark", "SELECT sum(keypoint(keypoints, 'left_wrist').x), "
        + "sum(joint_angle(keypoints, 'left_shoulder', 'left_elbow', 'left_wrist')), "
        + "sum(visible_count(keypoints, 0.3D)) FROM bench_poses");
    QUERIES.put("typed-udf", "SELECT sum(udf_keypoint(keypoints, 'left_wrist').x), "
        + "sum(udf_joint_angle(keypoints, 'left_shoulder', 'left_elbow', 'left_wrist')), "
        + "sum(udf_visible_count(keypoints, 0.3D)) FROM bench_poses");
  }

  private SqlFunctionBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int rounds = 5;
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "posespark", "bench", "sql");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--cache" -> cache = Path.of(args[++i]);
        default -> {
          System.err.println("bench sql: unknown option '" + args[i] + "' (see --help)");
          System.exit(2);
        }
      }
    }
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("posespark-bench-sql")
        .config("spark.ui.enabled", "false");
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    SparkSession spark = builder.getOrCreate();
    PoseFunctions.register(spark);
    TypedPoseUdfs.register(spark);
    Path table = cache.resolve("poses-" + rows + ".parquet");
    if (!Files.isDirectory(table)) {
      generate(spark, rows).write().mode(SaveMode.Overwrite).parquet(table.toString());
    }
    Dataset<Row> poses = spark.read().parquet(table.toString());
    CpuPeak cpu = CpuPeak.detect();
    System.out.printf(Locale.ROOT, "posespark sql benchmark: %,d poses (17 keypoints each), %d rounds, master %s%n",
        rows, rounds, spark.sparkContext().master());
    System.out.printf(Locale.ROOT, "CPU: %s, %d cores, load average %s%n", cpu.cpu(), cpu.cores(), loadAverage());
    for (String source : List.of("parquet", "cached")) {
      Dataset<Row> input = source.equals("cached") ? poses.cache() : poses;
      if (source.equals("cached")) {
        input.count();
      }
      input.createOrReplaceTempView("bench_poses");
      run(spark, source, rounds);
      input.unpersist(true);
    }
    spark.stop();
  }

  /** Times the three queries in rounds (order rotating) and prints the medians and ratios. */
  private static void run(SparkSession spark, String source, int rounds) {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, Row> answers = new LinkedHashMap<>();
    List<String> ways = new ArrayList<>(QUERIES.keySet());
    for (String way : ways) {
      answers.put(way, spark.sql(QUERIES.get(way)).first()); // warm-up: code generation, JIT
      times.put(way, new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      for (int w = 0; w < ways.size(); w++) {
        String way = ways.get((w + r) % ways.size());
        long t0 = System.nanoTime();
        spark.sql(QUERIES.get(way)).first();
        times.get(way).add((System.nanoTime() - t0) / 1e9);
      }
    }
    double builtIn = median(times.get("built-in"));
    System.out.printf(Locale.ROOT, "%n%s input:%n%-17s %9s %9s %10s  %s%n", source, "way", "median_s", "min_s",
        "x_built-in", "sum(wrist x), sum(angle), sum(visible)");
    for (String way : ways) {
      List<Double> t = times.get(way);
      Row a = answers.get(way);
      System.out.printf(Locale.ROOT, "%-17s %9.3f %9.3f %10.2f  %.6e, %.6e, %d%n", way, median(t),
          t.stream().mapToDouble(Double::doubleValue).min().orElse(0), median(t) / builtIn,
          a.getDouble(0), a.getDouble(1), a.getLong(2));
    }
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Poses with keypoints spread over a 640x480 image and scores in [0, 1), from hashes of (id, k). */
  static Dataset<Row> generate(SparkSession spark, long rows) {
    return spark.range(rows).selectExpr("id AS image_id",
        "transform(sequence(0, 16), k -> named_struct("
            + "'x', CAST(pmod(hash(id, k, 1), 64000) AS double) / 100, "
            + "'y', CAST(pmod(hash(id, k, 2), 48000) AS double) / 100, "
            + "'score', CAST(pmod(hash(id, k, 3), 1000) AS double) / 1000)) AS keypoints");
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}

package posespark.job.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import posespark.job.spark.LocalSpark;
import posespark.job.storage.MiniHdfs;
import posespark.job.storage.S3Server;

/**
 * Nightly runs into Iceberg tables whose warehouse is on real servers started here: HDFS (Hadoop
 * catalog: its rename-based commit is atomic there) and S3 (JDBC catalog on an embedded H2 file
 * database, data and metadata on s3a, the run lock on HDFS). Photos are read from the same store.
 * Each test gets its own Spark session, as Spark registers the {@code posespark} catalog once per
 * session; its settings are given as Spark properties, as {@code --spark-conf} gives them.
 */
class IcebergNightlyStorageTest {

  @TempDir
  static Path tmp;

  static MiniHdfs hdfs;
  static S3Server s3;

  @BeforeAll
  static void startServers() {
    CompletableFuture<MiniHdfs> hdfsStart = CompletableFuture.supplyAsync(
        () -> MiniHdfs.start(tmp.resolve("hdfs")));
    s3 = S3Server.start(tmp.resolve("s3"));
    hdfs = hdfsStart.join();
  }

  @AfterEach
  void stopSpark() {
    LocalSpark.stop();
  }

  @AfterAll
  static void stopServers() {
    if (hdfs != null) {
      hdfs.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void hadoopCatalogOnHdfs() throws Exception {
    SparkSession spark = session(Map.of());
    String photos = hdfs.uri("/dumps/cam");
    String warehouse = hdfs.uri("/warehouse");
    List<String> args = List.of("--warehouse", warehouse, "--namespace", "onhdfs");

    NightlyRuns.Outcome noDatabase = NightlyRuns.run("--input", photos, "--catalog", "jdbc",
        "--warehouse", warehouse, "--state-dir", hdfs.uri("/state"), "--conf",
        NightlyRuns.testConf(tmp.resolve("conf-nodb")).toString());
    assertThat(noDatabase.code()).isEqualTo(NightlyMain.FAILED);
    assertThat(noDatabase.lastLine()).isEqualTo("nightly: run failed: --catalog jdbc needs "
        + "--spark-conf spark.sql.catalog.posespark.uri=jdbc:... (where the catalog is)");

    assertIncrements(spark, photos, "onhdfs", args);

    FileSystem fs = hdfs.fileSystem(spark.sparkContext().hadoopConfiguration());
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(warehouse + "/onhdfs/images/metadata")))
        .as("Hadoop catalog: tables are folders under the warehouse").isTrue();
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(warehouse + "/_posespark/onhdfs")))
        .as("lock released, scratch removed").isEmpty();
  }

  @Test
  void jdbcCatalogOnS3WithTheLockOnHdfs() throws Exception {
    String catalogDb = "jdbc:h2:file:" + tmp.resolve("catalog/iceberg").toAbsolutePath();
    Map<String, String> conf = new java.util.LinkedHashMap<>(s3.sparkSettings());
    conf.put("spark.sql.catalog.posespark.uri", catalogDb);
    SparkSession spark = session(conf);
    String photos = s3.uri("/dumps/cam");
    String warehouse = s3.uri("/warehouse");
    List<String> args = List.of("--catalog", "jdbc", "--warehouse", warehouse,
        "--namespace", "ons3", "--state-dir", hdfs.uri("/nightly-state/ons3"));

    assertIncrements(spark, photos, "ons3", args);

    List<String> keys = s3.objectKeys("warehouse/");
    List<String> dataFiles = spark.sql("SELECT file_path FROM posespark.ons3.images.files UNION ALL "
        + "SELECT file_path FROM posespark.ons3.poses.files").as(Encoders.STRING()).collectAsList();
    assertThat(dataFiles).as("the tables' data files, all objects on the server").isNotEmpty()
        .allSatisfy(f -> assertThat(keys).contains(
            f.substring(("s3a://" + s3.bucket() + "/").length())));
    assertThat(keys).as("metadata on S3 too").anyMatch(k -> k.startsWith(
        "warehouse/ons3/images/metadata/") && k.endsWith(".metadata.json"));
    assertThat(keys).as("no version-hint: the catalog database holds the pointer")
        .noneMatch(k -> k.endsWith("version-hint.text"));
    assertThat(s3.objectKeys("")).as("nothing outside the warehouse but the photos")
        .allMatch(k -> k.startsWith("warehouse/") || k.startsWith("dumps/"));
    try (var db = java.sql.DriverManager.getConnection(catalogDb);
        var rs = db.createStatement().executeQuery("SELECT count(*) FROM iceberg_tables "
            + "WHERE table_namespace = 'ons3' AND metadata_location LIKE 's3a://%'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the catalog database points at the three tables on S3")
          .isEqualTo(3);
    }
  }

  /**
   * Day 1 two photos, day 2 two more: day 2 annotates exactly the new two, its re-run none; counts
   * read back by Spark; each annotating run is one snapshot per table carrying its run id.
   */
  private void assertIncrements(SparkSession spark, String photos, String ns, List<String> where)
      throws Exception {
    Path local = tmp.resolve("photos-" + ns);
    Path conf = NightlyRuns.testConf(tmp.resolve("conf-" + ns));
    upload(spark, NightlyRuns.photo(local, "a.jpg"), photos);
    upload(spark, NightlyRuns.photo(local, "b.jpg"), photos);
    String day1 = nightly(photos, conf, "2026-11-01", where);
    assertThat(day1).contains("new=2 known=0 changed=0; annotated 2 images (2 ok, 0 errors)");
    upload(spark, NightlyRuns.photo(local, "c.jpg"), photos);
    upload(spark, NightlyRuns.photo(local, "d.jpg"), photos);
    String day2 = nightly(photos, conf, "2026-11-02", where);
    assertThat(day2).contains("new=2 known=2 changed=0; annotated 2 images (2 ok, 0 errors)");
    assertThat(nightly(photos, conf, "2026-11-02", where))
        .contains("new=0 known=4 changed=0; annotated 0 images");

    String t = "posespark." + ns + ".";
    assertThat(count(spark, "SELECT count(*) FROM " + t + "images")).isEqualTo(4);
    assertThat(count(spark, "SELECT count(DISTINCT uri) FROM " + t + "images")).isEqualTo(4);
    assertThat(count(spark, "SELECT count(*) FROM " + t + "images WHERE run_date = "
        + "DATE '2026-11-02' AND (uri LIKE '%/c.jpg' OR uri LIKE '%/d.jpg')")).isEqualTo(2);
    assertThat(count(spark, "SELECT count(*) FROM " + t + "images WHERE uri NOT LIKE '"
        + photos + "/%'")).as("rows name the photos by their URI on the store").isZero();
    assertThat(count(spark, "SELECT count(*) FROM " + t + "poses")).isEqualTo(4);
    assertThat(count(spark, "SELECT count(*) FROM " + t + "runs WHERE status = 'ok'"))
        .isEqualTo(3);

    String day2Run = day2.replaceAll(".*; run (\\S+) -> .*", "$1");
    for (String table : List.of("poses", "images")) {
      Table iceberg = Spark3Util.loadIcebergTable(spark, t + table);
      List<Snapshot> snapshots = new ArrayList<>();
      iceberg.snapshots().forEach(snapshots::add);
      assertThat(snapshots).as(table + ": one snapshot per annotating run").hasSize(2);
      assertThat(snapshots.get(1).summary()).as(table)
          .containsEntry(IcebergNightlyTables.RUN_ID, day2Run)
          .containsKey(IcebergNightlyTables.CONFIG_DIGEST)
          .containsEntry("added-records", "2");
    }
    List<String> runIds = spark.sql("SELECT run_id FROM " + t + "runs ORDER BY ended_at")
        .as(Encoders.STRING()).collectAsList();
    assertThat(runIds.get(1)).isEqualTo(day2Run);
  }

  private static String nightly(String photos, Path conf, String date, List<String> where) {
    List<String> args = new ArrayList<>(List.of("--input", photos, "--dataset", "cam",
        "--run-date", date, "--conf", conf.toString()));
    args.addAll(where);
    NightlyRuns.Outcome o = NightlyRuns.run(args.toArray(String[]::new));
    assertThat(o.code()).as(o.lastLine() + "\n" + o.err()).isZero();
    return o.lastLine();
  }

  /** The test session with {@code conf} as Spark properties (what --spark-conf sets). */
  private static SparkSession session(Map<String, String> conf) {
    LocalSpark.stop();
    SparkSession.Builder builder = SparkSession.builder().master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4");
    conf.forEach(builder::config);
    return builder.getOrCreate();
  }

  private static void upload(SparkSession spark, Path file, String folder) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder,
        file.getFileName().toString());
    target.getFileSystem(conf).copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()),
        target);
  }

  private static long count(SparkSession spark, String sql) {
    return spark.sql(sql).first().getLong(0);
  }
}
